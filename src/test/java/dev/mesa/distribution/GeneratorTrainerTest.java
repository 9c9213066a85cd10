package dev.mesa.distribution;

import ai.djl.Device;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import dev.mesa.testing.TinyModels;
import dev.mesa.training.LoopIntervals;
import dev.mesa.training.TrainingListener;
import dev.mesa.training.TrainingProgress;
import dev.mesa.trigger.StampingRule;
import org.junit.jupiter.api.Test;

import dev.mesa.checkpoint.JsonCodec;
import dev.mesa.checkpoint.SectionFile;
import dev.mesa.checkpoint.TensorCodec;
import dev.mesa.data.ImageDataset;
import dev.mesa.testing.NativeResources;
import dev.mesa.training.NonFiniteLossException;
import dev.mesa.training.TrainingLoop;
import dev.mesa.training.TrainingStoppedException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorTrainerTest {
    /**
     * The learning tests' search: 480 defence images, batch 32, 15 epochs = 225 steps at learning rate 5e-3. Runs that
     * find the trigger leave the plateau by step 105 (24 starts measured) and hold a batch ASR of 0.87-1.00 from then
     * on, ending with a sample ASR of 0.93-1.00: the last 120 steps are converged. Runs that do not find it never do.
     */
    static final MesaConfig SEARCH = MesaConfig.paper().toBuilder().hidden(64).epochs(15).batchSize(32)
            .learningRate(5e-3).build();
    /**
     * Generator initialisations and noise streams of the learning tests. About one start in twelve ends in a
     * saturated generator (every sample the same pure-colour square, sigmoid outputs at 0 or 1, no gradient left),
     * whatever the number of steps: 2 of 24 starts here, at 900 steps as at 225. Which starts do is decided by float
     * rounding, so a claim about one start can flip on another CPU; the claims are about the majority of five.
     */
    static final long[] SEEDS = {1, 2, 3, 4, 5};
    static final double FOUND = 0.8;
    static final double NOTHING = 0.3;

    static SubModelReport search(Path modelFile, long seed) {
        return train(SEARCH, modelFile, 0.8, seed);
    }

    /** Trains one sub-model and measures it; prints the batch ASR every 15 steps. */
    static SubModelReport train(MesaConfig config, Path modelFile, double beta, long seed) {
        TinyModels tiny = TinyModels.get();
        List<String> trajectory = new ArrayList<>();
        try (Classifier classifier = ModelFile.load(modelFile, Device.cpu());
             TriggerGeneratorModel generator = TriggerGeneratorModel.create(config, 3, 3, 3, seed, Device.cpu())) {
            GeneratorTrainer trainer = new GeneratorTrainer(generator, classifier, tiny.split.defense(),
                    TinyModels.TARGET, beta, seed);
            TrainingListener recorder = new TrainingListener() {
                @Override
                public void onProgress(TrainingProgress p) {
                    trajectory.add(String.format(Locale.ROOT, "%d:%.2f", p.globalStep(),
                            p.meanLosses().get("batch_asr")));
                }
            };
            var outcome = trainer.train(new LoopIntervals(15, 1000), null, recorder);
            SubModelReport report = new SubModelEvaluator(64).evaluate(generator, classifier, tiny.split.defense(),
                    TinyModels.TARGET, beta, outcome.globalSteps(), 1);
            System.out.printf(Locale.ROOT, "%s alpha %.1f beta %.1g seed %d: sample ASR %.4f, E[F] %.4f, diversity %.4f;"
                    + " batch ASR by step %s%n", modelFile.getFileName(), config.alpha(), beta, seed, report.sampleAsr(),
                    report.meanTestingFunction(), report.diversity(), trajectory);
            return report;
        }
    }

    static double[] sampleAsrs(Path modelFile, long[] seeds) {
        return Arrays.stream(seeds).mapToDouble(seed -> search(modelFile, seed).sampleAsr()).toArray();
    }

    @Test
    void generatorFindsTheBackdoorOfABackdooredModel() {
        double[] asr = sampleAsrs(TinyModels.get().backdooredModel, SEEDS);
        long found = Arrays.stream(asr).filter(a -> a > FOUND).count();
        assertTrue(found > SEEDS.length / 2, "most starts find the trigger (sample ASR > " + FOUND + "): "
                + Arrays.toString(asr));
    }

    @Test
    void generatorFindsNothingInACleanModel() {
        double[] asr = sampleAsrs(TinyModels.get().cleanModel, Arrays.copyOf(SEEDS, 3));
        assertTrue(Arrays.stream(asr).allMatch(a -> a < NOTHING), "no start finds a trigger (sample ASR < " + NOTHING
                + "): " + Arrays.toString(asr));
    }

    @Test
    void generatorLossIsTheClippedTestingFunctionPlusTheEntropyTermByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray f = m.create(new float[] {0.3f, 0.9f});
            NDArray bound = m.create(0.5f);
            f.setRequiresGradient(true);
            bound.setRequiresGradient(true);
            NDArray loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                loss = GeneratorTrainer.generatorLoss(f, 0.8, bound, 0.1);
                collector.backward(loss);
            }
            assertEquals(-(0.3 + 0.8) / 2 - 0.1 * 0.5, loss.getFloat(), 1e-6);
            // the hinge pulls the sample below β up (−1/2: one of two samples) and leaves the one above β alone
            assertArrayEquals(new float[] {-0.5f, 0f}, f.getGradient().toFloatArray(), 1e-6f);
            // descending the loss ascends the bound: ∂L/∂Î = −α
            assertEquals(-0.1, bound.getGradient().getFloat(), 1e-6);
        }
    }

    /**
     * The entropy term α·Î on its own spreads the samples. At β = 1e-6 the hinge min(F, β) has next to no gradient
     * (F is above β on the images), so only α·Î moves G: 75 steps with α = 1 end with samples 2.4-3.6 times as
     * diverse as the same start with α = 0 (11 starts measured; with α = 0 the diversity stays at 0.54-0.58). The
     * claim is 1.5 times, for each of three starts: it fails if the term no longer reaches G (dropped, or its gradient
     * cut). Its sign is checked by hand above: with the sign flipped G still moves (diversity 1.02-1.08 here), so
     * this claim alone would not notice.
     */
    @Test
    void theEntropyTermAloneSpreadsTheSamples() {
        MesaConfig flatHinge = SEARCH.toBuilder().epochs(5).build();
        for (long seed : Arrays.copyOf(SEEDS, 3)) {
            double without = train(flatHinge.toBuilder().alpha(0).build(), TinyModels.get().backdooredModel, 1e-6,
                    seed).diversity();
            double with = train(flatHinge.toBuilder().alpha(1).build(), TinyModels.get().backdooredModel, 1e-6,
                    seed).diversity();
            assertTrue(with > 1.5 * without, "seed " + seed + ": diversity " + with + " with the entropy term, "
                    + without + " without");
        }
    }

    // ---- exact resume, gradients, memory, NaN, bad inputs -------------------------------------------------------

    @TempDir
    Path tmp;

    /** Small and quick; a MINE rate of 0.1 so the moving average visibly changes within a few steps. */
    static final MesaConfig SMALL = new MesaConfig(List.of(0.8), 0.1, 0.1, 64, 16, 1e-3, 0.5, 0.999, 0.1, 2, 16, true);

    static ImageDataset firstImages(int n) {
        ImageDataset defense = TinyModels.get().split.defense();
        return defense.subset("defence-" + n, IntStream.range(0, n).toArray());
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

    /** One run (or part of one) with a fresh classifier and generator; returns the trainer's final state. */
    static Map<String, byte[]> run(long initSeed, Path checkpoint, TrainingListener listener) {
        try (Classifier classifier = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu());
             TriggerGeneratorModel model = TriggerGeneratorModel.create(SMALL, 3, 3, 3, initSeed, Device.cpu())) {
            GeneratorTrainer trainer = new GeneratorTrainer(model, classifier, firstImages(64), TinyModels.TARGET, 0.8, 17);
            trainer.train(new LoopIntervals(2, 3), checkpoint, listener);
            return trainer.saveState();
        }
    }

    /** The final generator parameters of a short run with {@code config} (same data, seeds and initialisation). */
    static byte[] generatorAfter(MesaConfig config) {
        try (Classifier classifier = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu());
             TriggerGeneratorModel model = TriggerGeneratorModel.create(config, 3, 3, 3, 9, Device.cpu())) {
            GeneratorTrainer trainer = new GeneratorTrainer(model, classifier, firstImages(64), TinyModels.TARGET, 0.8, 17);
            trainer.train(new LoopIntervals(2, 3), null, TrainingListener.NONE);
            return trainer.saveState().get("generator");
        }
    }

    @Test
    void theSearchStampingRuleReachesTheSearch() {
        byte[] paper = generatorAfter(SMALL);
        assertArrayEquals(paper, generatorAfter(SMALL.toBuilder().searchStamping(StampingRule.ONE_LOCATION_PER_BATCH)
                .build()), "the paper's rule named explicitly is the default");
        assertFalse(Arrays.equals(paper, generatorAfter(SMALL.toBuilder().searchStamping(StampingRule.INTERIOR_PER_BATCH)
                .build())), "interior-only locations change what the generator sees");
        assertFalse(Arrays.equals(paper, generatorAfter(SMALL.toBuilder().searchStamping(StampingRule.PER_SAMPLE)
                .build())), "one location per image changes what the generator sees");
    }

    @Test
    void interruptedAndResumedRunEqualsTheUninterruptedOneBitForBit() {
        // 64 images, batch 16: 4 steps per epoch, 2 epochs
        Map<String, byte[]> uninterrupted = run(9, null, TrainingListener.NONE);
        Path checkpoint = tmp.resolve("mesa.ckpt");
        assertThrows(TrainingStoppedException.class, () -> run(9, checkpoint, new Interrupter(3)));
        Interrupter second = new Interrupter(3);
        assertThrows(TrainingStoppedException.class, () -> run(1234, checkpoint, second));
        assertEquals(List.of(3L), second.resumedAt);
        Interrupter third = new Interrupter(-1);
        Map<String, byte[]> resumed = run(777, checkpoint, third);
        assertEquals(List.of(6L), third.resumedAt);

        assertEquals(uninterrupted.keySet(), resumed.keySet());
        for (String section : uninterrupted.keySet()) {
            // G and T parameters, both Adam states, Adam step counts and MINE's moving average ("counters")
            assertArrayEquals(uninterrupted.get(section), resumed.get(section), "section '" + section + "' differs");
        }
        float movingAverage = java.nio.ByteBuffer.wrap(resumed.get("counters"), 16, 4).getFloat();
        assertTrue(Math.abs(movingAverage - 1f) > 1e-3, "the MINE moving average moved: " + movingAverage);
        assertFalse(Arrays.equals(uninterrupted.get("generator"), run(777, null, TrainingListener.NONE).get("generator")),
                "another initialisation ends elsewhere, so the resumed runs restored real state");
    }

    @Test
    void gradientsReachTheGeneratorOnlyNeverTheClassifier() {
        try (Classifier classifier = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu());
             TriggerGeneratorModel model = TriggerGeneratorModel.create(SMALL, 3, 3, 3, 5, Device.cpu())) {
            byte[] classifierBefore = TensorCodec.encodeParameters(classifier.block());
            byte[] generatorBefore = TensorCodec.encodeParameters(model.generator());
            byte[] statisticsBefore = TensorCodec.encodeParameters(model.statisticsNetwork());
            new GeneratorTrainer(model, classifier, firstImages(64), TinyModels.TARGET, 0.8, 3)
                    .train(new LoopIntervals(4, 100), null, TrainingListener.NONE);
            assertArrayEquals(classifierBefore, TensorCodec.encodeParameters(classifier.block()),
                    "the backdoored classifier (weights and BatchNorm statistics) must not change");
            assertFalse(Arrays.equals(generatorBefore, TensorCodec.encodeParameters(model.generator())));
            assertFalse(Arrays.equals(statisticsBefore, TensorCodec.encodeParameters(model.statisticsNetwork())));
        }
    }

    @Test
    void nativeResourcesStayFlatOverThreeHundredSteps() {
        MesaConfig config = new MesaConfig(List.of(0.8), 0.1, 0.1, 16, 8, 1e-3, 0.5, 0.999, 0.01, 30, 8, true);
        try (Classifier classifier = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu());
             TriggerGeneratorModel model = TriggerGeneratorModel.create(config, 3, 3, 3, 5, Device.cpu())) {
            NDManager system = NativeResources.systemOf(model.manager());
            List<Long> steps = new ArrayList<>();
            List<NativeResources.Count> own = new ArrayList<>();
            List<NativeResources.Count> all = new ArrayList<>();
            // 80 images, batch 8: 10 steps per epoch, 30 epochs
            new GeneratorTrainer(model, classifier, firstImages(80), TinyModels.TARGET, 0.8, 3)
                    .train(new LoopIntervals(10, 40), tmp.resolve("m.ckpt"), new TrainingListener() {
                        @Override
                        public void onProgress(TrainingProgress p) {
                            steps.add(p.globalStep());
                            own.add(NativeResources.of(model.manager()));
                            all.add(NativeResources.of(system));
                        }
                    });
            assertEquals(300L, steps.get(steps.size() - 1));
            int warm = steps.indexOf(20L);
            for (int i = warm; i < own.size(); i++) {
                assertEquals(own.get(warm), own.get(i), "generator manager at step " + steps.get(i) + ": " + own);
                assertEquals(all.get(warm), all.get(i), "system manager at step " + steps.get(i) + ": " + all);
            }
        }
    }

    @Test
    void divergingSearchStopsNamingTheStepAndKeepsNoBadCheckpoint() {
        MesaConfig exploding = SMALL.toBuilder().learningRate(1e30).epochs(3).build();
        Path checkpoint = tmp.resolve("nan.ckpt");
        try (Classifier classifier = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu());
             TriggerGeneratorModel model = TriggerGeneratorModel.create(exploding, 3, 3, 3, 5, Device.cpu())) {
            GeneratorTrainer trainer = new GeneratorTrainer(model, classifier, firstImages(64), TinyModels.TARGET, 0.8, 3);
            NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                    () -> trainer.train(new LoopIntervals(1, 1), checkpoint, TrainingListener.NONE));
            assertTrue(e.getMessage().contains("step " + e.step()) && e.getMessage().contains("mesa"), e.getMessage());
            if (Files.exists(checkpoint)) {
                SectionFile sf = SectionFile.read(checkpoint, TrainingLoop.CHECKPOINT_KIND);
                long saved = JsonCodec.fromBytes(sf.section(checkpoint, "header"), TrainingLoop.CheckpointHeader.class,
                        checkpoint).globalStep();
                assertTrue(saved < e.step(), "checkpoint after " + saved + " steps; step " + e.step() + " failed");
            }
        }
    }

    @Test
    void badInputsFailBeforeAnyWork() {
        try (Classifier classifier = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu());
             TriggerGeneratorModel model = TriggerGeneratorModel.create(SMALL, 3, 3, 3, 5, Device.cpu());
             TriggerGeneratorModel huge = TriggerGeneratorModel.create(SMALL, 3, 17, 3, 5, Device.cpu());
             TriggerGeneratorModel gray = TriggerGeneratorModel.create(SMALL, 1, 3, 3, 5, Device.cpu())) {
            ImageDataset images = firstImages(64);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new GeneratorTrainer(model, classifier, images, 10, 0.8, 1));
            assertTrue(e.getMessage().contains("target class 10"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new GeneratorTrainer(model, classifier, images, -1, 0.8, 1));
            e = assertThrows(IllegalArgumentException.class, () -> new GeneratorTrainer(huge, classifier, images, 0, 0.8, 1));
            assertTrue(e.getMessage().contains("3x17x3") && e.getMessage().contains("3x16x16"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new GeneratorTrainer(gray, classifier, images, 0, 0.8, 1));
            for (double beta : new double[] {0, 1, 1.2}) {
                assertThrows(IllegalArgumentException.class, () -> new GeneratorTrainer(model, classifier, images, 0, beta, 1));
            }
            e = assertThrows(IllegalArgumentException.class,
                    () -> new GeneratorTrainer(model, classifier, firstImages(10), 0, 0.8, 1));
            assertTrue(e.getMessage().contains("fewer than one batch"), e.getMessage());
        }
    }
}
