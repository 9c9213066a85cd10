package dev.mesa.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.mesa.data.Augmentation;
import dev.mesa.model.Classifier;
import dev.mesa.testing.TorchScriptFixtures;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerPattern;
import dev.mesa.trigger.TriggerStamper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static dev.mesa.training.ClassifierTrainerTest.Interrupter;
import static dev.mesa.training.ClassifierTrainerTest.assertSameState;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retraining a user's TorchScript classifier: every parameter, BatchNorm in training mode, exact resume. */
class TorchScriptTrainingTest {
    @TempDir
    Path tmp;

    /** 160 images, batch 32 (the last one partial: 5 steps per epoch), 2 epochs; augmentation, poisoning, Nesterov. */
    static ClassifierTrainingConfig config(int checkpointEvery) {
        return new ClassifierTrainingConfig(new LoopSettings(2, 36, false, 3, checkpointEvery),
                LearningRateSchedule.oneCycle(0.05, 0.2), 0.9, 5e-4, true, Augmentation.CIFAR, 0.1, 7);
    }

    static ClassifierTrainer trainer(Classifier c, ClassifierTrainingConfig config) {
        StampingTransform poison = new StampingTransform(new FixedTriggerSource(TriggerPattern.blackWhite(170, 3, 3)),
                new TriggerStamper(c.normalization()), 0.3, OptionalInt.of(0), StampingRule.PER_SAMPLE);
        return new ClassifierTrainer("torchscript-retraining", c, TorchScriptFixtures.DATA.train(), config, poison,
                "poison bw-170 r=0.3");
    }

    @Test
    void retrainingAScriptedModelChangesEveryParameterAndTheBatchNormStatistics() {
        try (Classifier c = TorchScriptFixtures.load(TorchScriptFixtures.SCRIPTED); NDManager m = c.manager().newSubManager()) {
            List<float[]> before = values(c.trainableParameters());
            float[] logitsBefore = c.logits(TorchScriptFixtures.probeInput(m, 2, 16), false).toFloatArray();
            List<Double> losses = new ArrayList<>();
            trainer(c, config(100)).train(null, new TrainingListener() {
                @Override
                public void onProgress(TrainingProgress p) {
                    losses.add(p.meanLosses().get("cross_entropy"));
                }
            });
            assertTrue(losses.stream().allMatch(Double::isFinite), losses.toString());
            List<float[]> after = values(c.trainableParameters());
            for (int i = 0; i < before.size(); i++) {
                assertFalse(Arrays.equals(before.get(i), after.get(i)),
                        c.trainableParameters().get(i).getName() + " was not trained");
            }
            assertFalse(Arrays.equals(logitsBefore, c.logits(TorchScriptFixtures.probeInput(m, 2, 16), false).toFloatArray()));
            // put the old parameters back: what still differs in eval mode are the buffers (running statistics)
            setValues(c.trainableParameters(), before);
            float[] statisticsOnly = c.logits(TorchScriptFixtures.probeInput(m, 2, 16), false).toFloatArray();
            assertFalse(Arrays.equals(logitsBefore, statisticsOnly), "the BatchNorm running statistics did not move");
        }
    }

    /** torch.jit.trace recorded BatchNorm in eval mode: retraining trains the weights, the statistics stay. */
    @Test
    void retrainingATracedModelTrainsItsParametersWithFixedStatistics() {
        try (Classifier c = TorchScriptFixtures.load(TorchScriptFixtures.TRACED); NDManager m = c.manager().newSubManager()) {
            assertFalse(c.hasTrainingMode());
            List<float[]> before = values(c.trainableParameters());
            float[] logitsBefore = c.logits(TorchScriptFixtures.probeInput(m, 2, 16), false).toFloatArray();
            trainer(c, config(100)).train(null, TrainingListener.NONE);
            assertFalse(Arrays.equals(before.get(0), values(c.trainableParameters()).get(0)));
            setValues(c.trainableParameters(), before);
            assertArrayEquals(logitsBefore, c.logits(TorchScriptFixtures.probeInput(m, 2, 16), false).toFloatArray());
        }
    }

    /**
     * Interrupted twice and resumed each time in a new classifier loaded from the file: the end state
     * (module with parameters, BatchNorm statistics and counters; momentum buffers; step) equals the
     * uninterrupted run's bit for bit, dropout included.
     */
    @Test
    void interruptedAndResumedRetrainingEqualsTheUninterruptedOneBitForBit() {
        Map<String, byte[]> uninterrupted;
        try (Classifier c = TorchScriptFixtures.load(TorchScriptFixtures.SCRIPTED)) {
            assertTrue(c.hasTrainingMode(), "the fixture has dropout and BatchNorm in training mode");
            ClassifierTrainer t = trainer(c, config(4));
            assertEquals(10, t.train(null, TrainingListener.NONE).globalSteps());
            uninterrupted = t.saveState();
        }
        Path checkpoint = tmp.resolve("retraining.ckpt");
        try (Classifier c = TorchScriptFixtures.load(TorchScriptFixtures.SCRIPTED)) {
            assertThrows(TrainingStoppedException.class, () -> trainer(c, config(4)).train(checkpoint, new Interrupter(3)));
        }
        try (Classifier c = TorchScriptFixtures.load(TorchScriptFixtures.SCRIPTED)) {
            Interrupter second = new Interrupter(4);
            assertThrows(TrainingStoppedException.class, () -> trainer(c, config(4)).train(checkpoint, second));
            assertEquals(List.of(3L), second.resumedAt);
        }
        try (Classifier c = TorchScriptFixtures.load(TorchScriptFixtures.SCRIPTED)) {
            Interrupter third = new Interrupter(-1);
            ClassifierTrainer t = trainer(c, config(4));
            assertEquals(7, t.train(checkpoint, third).resumedFromStep());
            assertSameState(uninterrupted, t.saveState());
        }
        // without the per-step seed, dropout would draw other masks: another seed ends elsewhere
        try (Classifier c = TorchScriptFixtures.load(TorchScriptFixtures.SCRIPTED)) {
            ClassifierTrainer t = trainer(c, config(4).withSeed(8));
            t.train(null, TrainingListener.NONE);
            assertFalse(Arrays.equals(uninterrupted.get("parameters"), t.saveState().get("parameters")));
        }
    }

    static List<float[]> values(List<Parameter> parameters) {
        return parameters.stream().map(p -> p.getArray().toFloatArray()).toList();
    }

    static void setValues(List<Parameter> parameters, List<float[]> values) {
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).getArray().set(values.get(i));
        }
    }
}
