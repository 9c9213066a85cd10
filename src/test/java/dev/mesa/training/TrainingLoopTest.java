package dev.mesa.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mesa.checkpoint.JsonCodec;
import dev.mesa.checkpoint.SectionFile;
import dev.mesa.checkpoint.TensorCodec;
import dev.mesa.data.Augmentation;
import dev.mesa.model.Classifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loop's guarantees, exercised through the classifier trainer on tiny data: NaN detection and last-good checkpoints. */
class TrainingLoopTest {
    @TempDir
    Path tmp;

    static ClassifierTrainingConfig config(double learningRate, int logEvery, int checkpointEvery) {
        return new ClassifierTrainingConfig(new LoopSettings(2, 10, false, logEvery, checkpointEvery),
                LearningRateSchedule.constant(learningRate), 0.9, 0, false, Augmentation.NONE, 0, 4);
    }

    /** Returns NaN images on call {@code poisonedCall} (0-based), the images unchanged otherwise. */
    static final class PoisonAt implements BatchTransform {
        final int poisonedCall;
        int calls;

        PoisonAt(int poisonedCall) {
            this.poisonedCall = poisonedCall;
        }

        @Override
        public NDArray apply(NDManager manager, NDArray images, int[] labels, SplittableRandom random, int epoch) {
            return calls++ == poisonedCall ? images.mul(Float.NaN) : images;
        }
    }

    static TrainingLoop.CheckpointHeader header(Path checkpoint) {
        SectionFile sf = SectionFile.read(checkpoint, TrainingLoop.CHECKPOINT_KIND);
        return JsonCodec.fromBytes(sf.section(checkpoint, "header"), TrainingLoop.CheckpointHeader.class, checkpoint);
    }

    /** Loads the checkpoint's parameters into a classifier and reports whether every value is finite. */
    static boolean parametersFinite(Path checkpoint) {
        SectionFile sf = SectionFile.read(checkpoint, TrainingLoop.CHECKPOINT_KIND);
        try (Classifier c = ClassifierTrainerTest.classifier(1)) {
            TensorCodec.decodeParameters(c.block(), c.manager(), sf.section(checkpoint, "parameters"), checkpoint);
            for (var p : c.block().getParameters()) {
                for (float v : p.getValue().getArray().toFloatArray()) {
                    if (!Float.isFinite(v)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    @Test
    void nanInputStopsTheRunNamingTheStepAndKeepsTheLastGoodCheckpoint() {
        Path checkpoint = tmp.resolve("nan.ckpt");
        List<Long> written = new ArrayList<>();
        try (Classifier c = ClassifierTrainerTest.classifier(5)) {
            ClassifierTrainer trainer = new ClassifierTrainer("nan-test", c, ClassifierTrainerTest.SMALL.train(),
                    config(0.01, 5, 4), new PoisonAt(6), "poison at 6");
            NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> trainer.train(checkpoint,
                    new TrainingListener() {
                        @Override
                        public void onCheckpoint(String loop, Path file, long step) {
                            written.add(step);
                        }
                    }));
            assertEquals(6, e.step());
            assertTrue(e.getMessage().contains("step 6") && e.getMessage().contains("cross_entropy")
                    && e.getMessage().contains(checkpoint.toString()), e.getMessage());
        }
        // checkpoints at 4 (periodic) and 5 (epoch end); the one due at 8 was never written
        assertEquals(List.of(4L, 5L), written);
        assertEquals(5, header(checkpoint).globalStep());
        assertTrue(parametersFinite(checkpoint));
    }

    /** A learning rate of 1e30: the first update leaves finite but huge weights, the next forward overflows. */
    @Test
    void divergingRunNeverLeavesACheckpointThatFailsAtOnce() {
        for (int checkpointEvery : new int[] {1, 2, 3}) {
            Path checkpoint = tmp.resolve("diverge-" + checkpointEvery + ".ckpt");
            try (Classifier c = ClassifierTrainerTest.classifier(5)) {
                ClassifierTrainer trainer = new ClassifierTrainer("diverge", c, ClassifierTrainerTest.SMALL.train(),
                        config(1e30, 1, checkpointEvery), BatchTransform.NONE, "none");
                NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                        () -> trainer.train(checkpoint, TrainingListener.NONE));
                assertTrue(e.getMessage().contains("step " + e.step()), e.getMessage());
                if (java.nio.file.Files.exists(checkpoint)) {
                    // a checkpoint after s steps holds the state step s starts from: if step s is the failing
                    // one, resuming from it fails at once, so it is not a good checkpoint
                    long saved = header(checkpoint).globalStep();
                    assertTrue(saved < e.step(), "checkpoint after " + saved + " steps, but step " + e.step()
                            + " computed from that state failed: " + e.getMessage());
                    assertTrue(parametersFinite(checkpoint), "checkpoint at step " + saved + " holds non-finite parameters");
                    assertTrue(e.getMessage().contains(checkpoint.toString()), e.getMessage());
                } else {
                    assertTrue(e.getMessage().contains("Last good checkpoint: none"), e.getMessage());
                }
            }
        }
    }
}
