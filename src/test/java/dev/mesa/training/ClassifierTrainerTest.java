package dev.mesa.training;

import ai.djl.Device;
import dev.mesa.data.Augmentation;
import dev.mesa.data.DatasetSplits;
import dev.mesa.data.SyntheticDataset;
import dev.mesa.evaluation.ClassifierEvaluator;
import dev.mesa.model.Classifier;
import dev.mesa.model.ClassifierSpec;
import dev.mesa.testing.NativeResources;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerPattern;
import dev.mesa.trigger.TriggerStamper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassifierTrainerTest {
    @TempDir
    Path tmp;

    @Test
    void lossGoesDownAndAccuracyGoesUpOnSyntheticData() {
        DatasetSplits data = SyntheticDataset.generate(SyntheticDataset.Spec.tiny());
        ClassifierSpec spec = new ClassifierSpec(ClassifierSpec.COMPACT, 8, 10, data.shape());
        try (Classifier classifier = Classifier.create(spec, data.normalization(), data.train().classNames(), 1, Device.cpu())) {
            double before = new ClassifierEvaluator(256).accuracy(classifier, data.test()).accuracy();
            List<Double> losses = new ArrayList<>();
            ClassifierTrainingConfig config = ClassifierTrainingConfig.cleanTraining(4, 3)
                    .withLoop(new LoopSettings(4, 32, true, 5, 1000));
            new ClassifierTrainer("clean", classifier, data.train(), config, BatchTransform.NONE, "none")
                    .train(null, new TrainingListener() {
                        @Override
                        public void onProgress(TrainingProgress p) {
                            losses.add(p.meanLosses().get("cross_entropy"));
                        }
                    });
            double after = new ClassifierEvaluator(256).accuracy(classifier, data.test()).accuracy();
            System.out.println("losses " + losses + " acc " + before + " -> " + after);
            assertTrue(losses.get(losses.size() - 1) < losses.get(0) * 0.7, "loss should fall: " + losses);
            assertTrue(after > 0.8, "accuracy after training " + after);
        }
    }

    // ---- exact resume ------------------------------------------------------------------------------------------

    static final DatasetSplits SMALL = SyntheticDataset.generate(new SyntheticDataset.Spec(4, 12, 4, 8, 3));
    static final ClassifierSpec SMALL_SPEC = new ClassifierSpec(ClassifierSpec.COMPACT, 4, 4, SMALL.shape());

    /**
     * Everything random at once: crop+flip augmentation, 30% poisoning at per-sample locations, Nesterov,
     * weight decay, label smoothing, a one-cycle schedule, a partial last batch (48 images, batch 10: 5 steps
     * per epoch), 2 epochs = 10 steps.
     */
    static ClassifierTrainingConfig resumeConfig(int checkpointEvery) {
        return new ClassifierTrainingConfig(new LoopSettings(2, 10, false, 3, checkpointEvery),
                LearningRateSchedule.oneCycle(0.05, 0.2), 0.9, 5e-4, true, Augmentation.CIFAR, 0.1, 11);
    }

    static ClassifierTrainer trainer(Classifier c, ClassifierTrainingConfig config) {
        StampingTransform poison = new StampingTransform(new FixedTriggerSource(TriggerPattern.blackWhite(170, 3, 3)),
                new TriggerStamper(c.normalization()), 0.3, OptionalInt.of(0), StampingRule.PER_SAMPLE);
        return new ClassifierTrainer("resume-test", c, SMALL.train(), config, poison, "poison bw-170 r=0.3");
    }

    static Classifier classifier(long initSeed) {
        return Classifier.create(SMALL_SPEC, SMALL.normalization(), SMALL.train().classNames(), initSeed, Device.cpu());
    }

    /** A listener that asks to stop after {@code stopAfter} more steps and records resumes. */
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

    static void assertSameState(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String section : expected.keySet()) {
            assertArrayEquals(expected.get(section), actual.get(section), "section '" + section + "' differs");
        }
    }

    @Test
    void interruptedAndResumedRunEqualsTheUninterruptedOneBitForBit() {
        Map<String, byte[]> uninterrupted;
        try (Classifier c = classifier(5)) {
            ClassifierTrainer t = trainer(c, resumeConfig(4));
            TrainingLoop.Outcome outcome = t.train(null, TrainingListener.NONE);
            assertEquals(10, outcome.globalSteps());
            assertEquals(0, outcome.resumedFromStep());
            uninterrupted = t.saveState();
        }

        Path checkpoint = tmp.resolve("run/classifier.ckpt");
        // first run: stopped after 3 steps (mid-epoch, between periodic checkpoints)
        try (Classifier c = classifier(5)) {
            Interrupter first = new Interrupter(3);
            TrainingStoppedException e = assertThrows(TrainingStoppedException.class,
                    () -> trainer(c, resumeConfig(4)).train(checkpoint, first));
            assertTrue(e.getMessage().contains("step 3"), e.getMessage());
            assertTrue(first.resumedAt.isEmpty());
        }
        // second run: a new classifier (other initialisation) and trainer resume at 3, stop again after 4 more (step 7, second epoch)
        try (Classifier c = classifier(99)) {
            Interrupter second = new Interrupter(4);
            assertThrows(TrainingStoppedException.class, () -> trainer(c, resumeConfig(4)).train(checkpoint, second));
            assertEquals(List.of(3L), second.resumedAt);
        }
        // third run: resumes at 7 and finishes
        try (Classifier c = classifier(123)) {
            Interrupter third = new Interrupter(-1);
            ClassifierTrainer t = trainer(c, resumeConfig(4));
            TrainingLoop.Outcome outcome = t.train(checkpoint, third);
            assertEquals(List.of(7L), third.resumedAt);
            assertEquals(7, outcome.resumedFromStep());
            assertEquals(10, outcome.globalSteps());
            assertSameState(uninterrupted, t.saveState());
        }
        // the resumed run really had something to restore: a fresh run from another init ends elsewhere
        try (Classifier c = classifier(99)) {
            ClassifierTrainer t = trainer(c, resumeConfig(4));
            t.train(null, TrainingListener.NONE);
            assertFalse(java.util.Arrays.equals(uninterrupted.get("parameters"), t.saveState().get("parameters")));
        }
    }

    /** A listener that decides at an epoch's end (e.g. "the backdoor works now") stops at that boundary, not a step later. */
    @Test
    void stopDecidedAtAnEpochEndStopsOnThatBoundary() {
        Path checkpoint = tmp.resolve("epoch-stop.ckpt");
        List<Integer> epochsEnded = new ArrayList<>();
        TrainingListener afterFirstEpoch = new TrainingListener() {
            @Override
            public void onEpochEnd(String loop, int epoch, TrainingProgress progress) {
                epochsEnded.add(epoch);
            }

            @Override
            public boolean stopRequested() {
                return !epochsEnded.isEmpty();
            }
        };
        try (Classifier c = classifier(5)) {
            TrainingStoppedException e = assertThrows(TrainingStoppedException.class,
                    () -> trainer(c, resumeConfig(4)).train(checkpoint, afterFirstEpoch));
            assertTrue(e.getMessage().contains("step 5"), e.getMessage()); // 5 steps per epoch
            assertEquals(List.of(0), epochsEnded);
        }
        try (Classifier c = classifier(5)) {
            Interrupter resumed = new Interrupter(-1);
            trainer(c, resumeConfig(4)).train(checkpoint, resumed);
            assertEquals(List.of(5L), resumed.resumedAt);
        }
    }

    @Test
    void checkpointOfAnotherConfigurationIsMovedAsideAndTrainingStartsOver() throws Exception {
        Path checkpoint = tmp.resolve("c.ckpt");
        try (Classifier c = classifier(5)) {
            assertThrows(TrainingStoppedException.class, () -> trainer(c, resumeConfig(4)).train(checkpoint, new Interrupter(2)));
        }
        try (Classifier c = classifier(5)) {
            ClassifierTrainingConfig other = resumeConfig(4).withSeed(12);
            Interrupter listener = new Interrupter(Integer.MAX_VALUE);
            TrainingLoop.Outcome outcome = trainer(c, other).train(checkpoint, listener);
            assertEquals(0, outcome.resumedFromStep(), "the foreign checkpoint is not resumed from");
            assertEquals(List.of(), listener.resumedAt);
            try (var files = Files.list(tmp)) {
                assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("c.ckpt.corrupt-")).count(),
                        "the foreign checkpoint is kept aside");
            }
        }
    }

    @Test
    void checkpointsAreWrittenPeriodicallyAndAtEpochEnds() {
        Path checkpoint = tmp.resolve("c.ckpt");
        List<Long> written = new ArrayList<>();
        try (Classifier c = classifier(5)) {
            trainer(c, resumeConfig(4)).train(checkpoint, new TrainingListener() {
                @Override
                public void onCheckpoint(String loop, Path file, long step) {
                    written.add(step);
                    assertTrue(Files.exists(file));
                }
            });
        }
        assertEquals(List.of(4L, 5L, 8L, 10L), written);
    }

    // ---- memory ------------------------------------------------------------------------------------------------

    @Test
    void nativeResourcesStayFlatOverThreeHundredSteps() {
        DatasetSplits data = SyntheticDataset.generate(new SyntheticDataset.Spec(4, 25, 1, 8, 5));
        ClassifierSpec spec = new ClassifierSpec(ClassifierSpec.COMPACT, 4, 4, data.shape());
        try (Classifier c = Classifier.create(spec, data.normalization(), data.train().classNames(), 1, Device.cpu())) {
            var system = NativeResources.systemOf(c.manager());
            List<Long> steps = new ArrayList<>();
            List<NativeResources.Count> own = new ArrayList<>();
            List<NativeResources.Count> all = new ArrayList<>();
            ClassifierTrainingConfig config = new ClassifierTrainingConfig(new LoopSettings(12, 4, true, 10, 50),
                    LearningRateSchedule.oneCycle(0.05, 0.2), 0.9, 5e-4, true, Augmentation.CIFAR, 0.1, 1);
            StampingTransform poison = new StampingTransform(new FixedTriggerSource(TriggerPattern.blackWhite(7, 3, 3)),
                    new TriggerStamper(c.normalization()), 0.5, OptionalInt.of(0), StampingRule.PER_SAMPLE);
            new ClassifierTrainer("memory", c, data.train(), config, poison, "poison").train(tmp.resolve("m.ckpt"),
                    new TrainingListener() {
                        @Override
                        public void onProgress(TrainingProgress p) {
                            steps.add(p.globalStep());
                            own.add(NativeResources.of(c.manager()));
                            all.add(NativeResources.of(system));
                        }
                    });
            assertEquals(300L, steps.get(steps.size() - 1));
            int warm = steps.indexOf(20L);
            assertTrue(own.get(warm).arrays() > 0);
            // after a warm-up of 20 steps, nothing may grow (readings every 10 steps, at epoch ends and checkpoints)
            for (int i = warm; i < own.size(); i++) {
                assertEquals(own.get(warm), own.get(i), "classifier manager at step " + steps.get(i) + ": " + own);
                assertEquals(all.get(warm), all.get(i), "system manager at step " + steps.get(i) + ": " + all);
            }
        }
    }
}
