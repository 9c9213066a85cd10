package dev.mesa.defense;

import ai.djl.Device;
import dev.mesa.attack.BackdoorInjector;
import dev.mesa.data.DefenseSplit;
import dev.mesa.distribution.GeneratorTrainer;
import dev.mesa.distribution.MesaConfig;
import dev.mesa.distribution.TriggerGeneratorModel;
import dev.mesa.evaluation.ClassifierEvaluator;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import dev.mesa.testing.TorchScriptFixtures;
import dev.mesa.training.ClassifierTrainingConfig;
import dev.mesa.training.LoopIntervals;
import dev.mesa.training.LoopSettings;
import dev.mesa.training.TrainingListener;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerPattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every stage of the defence on a TorchScript classifier: a backdoor is implanted in the scripted fixture
 * (a network mesa does not ship: residual block, BatchNorm, dropout), then the MESA search, trigger
 * reversal, retraining and evaluation run on it as on mesa's own models.
 */
class TorchScriptDefenseTest {
    static final TriggerPattern TRIGGER = TriggerPattern.blackWhite(170, 3, 3);
    static final int TARGET = 0;
    static final DefenseSplit SPLIT = TorchScriptFixtures.DATA.defenseSplit(96, 3);
    static Path backdoored;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void implantABackdoor() {
        try (Classifier c = TorchScriptFixtures.load(TorchScriptFixtures.SCRIPTED)) {
            ClassifierTrainingConfig config = ClassifierTrainingConfig.cleanTraining(12, 4)
                    .withLoop(new LoopSettings(12, 16, true, 10, 1000));
            BackdoorInjector.inject(c, TorchScriptFixtures.DATA.train(), new BackdoorInjector.Attack(TRIGGER, TARGET, 0.4),
                    config, null, TrainingListener.NONE);
            backdoored = tmp.resolve("backdoored.mesa-model");
            ModelFile.save(backdoored, c, "synthetic-16", "backdoored bw-170 -> 0");
        }
    }

    static double asr(Classifier c) {
        return new ClassifierEvaluator(64).attackSuccessRate(c, SPLIT.evaluation(), new FixedTriggerSource(TRIGGER), TARGET,
                StampingRule.PER_SAMPLE, 5).attackSuccessRate();
    }

    @Test
    void theMesaSearchRunsOnTheFrozenModelAndLeavesItUnchanged() {
        MesaConfig config = new MesaConfig(List.of(0.8), 0.1, 0.1, 64, 16, 1e-3, 0.5, 0.999, 0.1, 2, 16, true);
        try (Classifier c = ModelFile.load(backdoored, Device.cpu());
             TriggerGeneratorModel model = TriggerGeneratorModel.create(config, 3, 3, 3, 5, Device.cpu())) {
            byte[] classifierBefore = c.encodeState();
            byte[] generatorBefore = dev.mesa.checkpoint.TensorCodec.encodeParameters(model.generator());
            var outcome = new GeneratorTrainer(model, c, SPLIT.defense(), TARGET, 0.8, 3)
                    .train(new LoopIntervals(4, 100), null, TrainingListener.NONE);
            assertTrue(outcome.lastMeanLosses().values().stream().allMatch(Double::isFinite), outcome.toString());
            assertArrayEquals(classifierBefore, c.encodeState(),
                    "the classifier (weights, BatchNorm statistics) must not change");
            assertFalse(Arrays.equals(generatorBefore, dev.mesa.checkpoint.TensorCodec.encodeParameters(model.generator())),
                    "the generator learned through the TorchScript module's input gradient");
        }
    }

    @Test
    void triggerReversalOptimisesTheTriggerOnly() {
        try (Classifier c = ModelFile.load(backdoored, Device.cpu());
             TriggerReverser reverser = new TriggerReverser(c, SPLIT.defense(), TARGET, 3, 3, 3,
                     new ReversalConfig(0.1, 0.9, 2, 32, 1), 0, 11)) {
            byte[] before = c.encodeState();
            TriggerPattern start = reverser.currentTrigger();
            TriggerPattern found = reverser.reverse(null, TrainingListener.NONE);
            assertFalse(Arrays.equals(start.values(), found.values()));
            assertArrayEquals(before, c.encodeState());
        }
    }

    @Test
    void retrainingWithTheTriggerRemovesTheBackdoor() {
        try (Classifier c = ModelFile.load(backdoored, Device.cpu())) {
            double before = asr(c);
            double cleanBefore = new ClassifierEvaluator(64).accuracy(c, SPLIT.evaluation()).accuracy();
            RetrainConfig config = new RetrainConfig(0.5, ClassifierTrainingConfig.fineTuning(6, 0.01, 9)
                    .withLoop(new LoopSettings(6, 16, true, 10, 1000)));
            BackdoorRemover.retrain(c, SPLIT.defense(), new FixedTriggerSource(TRIGGER), config, null, TrainingListener.NONE);
            double after = asr(c);
            double cleanAfter = new ClassifierEvaluator(64).accuracy(c, SPLIT.evaluation()).accuracy();
            System.out.printf("TorchScript backdoor: ASR %.3f -> %.3f, clean accuracy %.3f -> %.3f%n", before, after,
                    cleanBefore, cleanAfter);
            assertTrue(before > 0.5, "the implanted backdoor works: ASR " + before);
            assertTrue(after < before / 2, "retraining with the trigger halves the ASR at least: " + before + " -> " + after);
        }
    }
}
