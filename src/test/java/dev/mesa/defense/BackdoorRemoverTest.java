package dev.mesa.defense;

import ai.djl.Device;
import dev.mesa.checkpoint.TensorCodec;
import dev.mesa.data.ImageDataset;
import dev.mesa.evaluation.ClassifierEvaluator;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import dev.mesa.testing.TinyModels;
import dev.mesa.training.ClassifierTrainingConfig;
import dev.mesa.training.LoopSettings;
import dev.mesa.training.TrainingListener;
import dev.mesa.training.TrainingLoop;
import dev.mesa.training.TrainingStoppedException;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.StampingRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackdoorRemoverTest {
    @TempDir
    Path tmp;

    static final FixedTriggerSource ORIGINAL = new FixedTriggerSource(TinyModels.TRIGGER);

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static double asr(Classifier c, ImageDataset images) {
        return new ClassifierEvaluator(128).attackSuccessRate(c, images, ORIGINAL, TinyModels.TARGET, StampingRule.PER_SAMPLE, 1)
                .attackSuccessRate();
    }

    static double accuracy(Classifier c, ImageDataset images) {
        return new ClassifierEvaluator(128).accuracy(c, images).accuracy();
    }

    @Test
    void retrainingWithTheOriginalTriggerRemovesTheBackdoorAndLeavesTheInputFileAlone() throws IOException {
        TinyModels tiny = TinyModels.get();
        String hashBefore = sha256(tiny.backdooredModel);
        // the ideal defence, tiny budget: 480 images, batch 32, 4 epochs = 60 steps, a fifth of the images stamped
        RetrainConfig config = new RetrainConfig(0.2, ClassifierTrainingConfig.fineTuning(4, 0.01, 3)
                .withLoop(new LoopSettings(4, 32, false, 10, 1000)));
        double asrBefore;
        double asrAfter;
        double accuracyBefore;
        double accuracyAfter;
        try (Classifier copy = ModelFile.load(tiny.backdooredModel, Device.cpu())) {
            asrBefore = asr(copy, tiny.split.evaluation());
            accuracyBefore = accuracy(copy, tiny.split.evaluation());
            TrainingLoop.Outcome outcome = BackdoorRemover.retrain(copy, tiny.split.defense(), ORIGINAL, config,
                    tmp.resolve("retrain.ckpt"), TrainingListener.NONE);
            assertEquals(60, outcome.globalSteps());
            asrAfter = asr(copy, tiny.split.evaluation());
            accuracyAfter = accuracy(copy, tiny.split.evaluation());
        }
        System.out.printf("ideal defence: ASR %.3f -> %.3f, accuracy %.3f -> %.3f%n", asrBefore, asrAfter, accuracyBefore,
                accuracyAfter);
        assertTrue(asrBefore > 0.8, "the tiny backdoor works: ASR " + asrBefore);
        // measured: 0.98 -> 0.000 here, and 0.000 for 8 of 8 retraining seeds after 2 of the 4 epochs (<= 0.10 after
        // one); retraining on the defence images without stamping them ends at 0.66, which this bound refuses
        assertTrue(asrAfter < asrBefore / 5, "ASR " + asrBefore + " -> " + asrAfter);
        assertTrue(accuracyAfter > 0.8 && accuracyAfter > accuracyBefore - 0.1,
                "accuracy " + accuracyBefore + " -> " + accuracyAfter);
        assertEquals(hashBefore, sha256(tiny.backdooredModel), "the input model file is never modified");
        try (Classifier reloaded = ModelFile.load(tiny.backdooredModel, Device.cpu())) {
            assertEquals(asrBefore, asr(reloaded, tiny.split.evaluation()), "the file still holds the backdoored model");
        }
    }

    /** Stops after {@code stopAfter} more steps and records resumes. */
    static final class Interrupter implements TrainingListener {
        final int stopAfter;
        final List<Long> resumedAt = new ArrayList<>();
        int steps;

        Interrupter(int stopAfter) {
            this.stopAfter = stopAfter;
        }

        @Override
        public boolean stopRequested() {
            return ++steps == stopAfter;
        }

        @Override
        public void onResume(String loop, Path checkpoint, long globalStep) {
            resumedAt.add(globalStep);
        }
    }

    /** 64 defence images, batch 16 (partial batches kept), 2 epochs: 8 steps; half the images stamped. */
    static byte[] retrain(Path checkpoint, TrainingListener listener) {
        TinyModels tiny = TinyModels.get();
        ImageDataset images = tiny.split.defense().subset("first-64", IntStream.range(0, 64).toArray());
        RetrainConfig config = new RetrainConfig(0.5, ClassifierTrainingConfig.fineTuning(2, 0.01, 5)
                .withLoop(new LoopSettings(2, 16, false, 2, 3)));
        try (Classifier copy = ModelFile.load(tiny.backdooredModel, Device.cpu())) {
            BackdoorRemover.retrain(copy, images, ORIGINAL, config, checkpoint, listener);
            return TensorCodec.encodeParameters(copy.block());
        }
    }

    @Test
    void stoppedAndResumedRetrainingEqualsTheUninterruptedOne() throws IOException {
        byte[] uninterrupted = retrain(null, TrainingListener.NONE);
        Path checkpoint = tmp.resolve("run/retrain.ckpt");
        assertThrows(TrainingStoppedException.class, () -> retrain(checkpoint, new Interrupter(3)));
        Interrupter second = new Interrupter(-1);
        byte[] resumed = retrain(checkpoint, second);
        assertEquals(List.of(3L), second.resumedAt);
        assertArrayEquals(uninterrupted, resumed, "parameters and BatchNorm statistics after a resume");
        byte[] original;
        try (Classifier c = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu())) {
            original = TensorCodec.encodeParameters(c.block());
        }
        assertFalse(Arrays.equals(original, resumed), "retraining changed the copy");
    }
}
