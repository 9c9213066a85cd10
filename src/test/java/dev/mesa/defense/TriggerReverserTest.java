package dev.mesa.defense;

import ai.djl.Device;
import dev.mesa.checkpoint.TensorCodec;
import dev.mesa.data.ImageDataset;
import dev.mesa.evaluation.ClassifierEvaluator;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import dev.mesa.testing.NativeResources;
import dev.mesa.testing.TinyModels;
import dev.mesa.training.TrainingProgress;
import dev.mesa.training.TrainingListener;
import dev.mesa.training.TrainingStoppedException;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TriggerReverserTest {
    @TempDir
    Path tmp;

    /**
     * 4 epochs of batch 32 over the 480 defence images: 60 steps. Over 16 starts the reversed trigger's ASR was
     * 0.92-0.98 after 15 steps for 12 of them and 0.000 for 4 (still on the plateau), 0.97-0.99 for all after 30
     * steps and 0.98-0.99 after 60: twice the steps the slowest start needed.
     */
    static final ReversalConfig SMALL = new ReversalConfig(0.1, 0.9, 4, 32, 3);

    static TriggerPattern reverse(ReversalConfig config, ImageDataset images, int round, long seed, Path checkpoint,
                                  TrainingListener listener) {
        try (Classifier backdoored = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu());
             TriggerReverser reverser = new TriggerReverser(backdoored, images, TinyModels.TARGET, 3, 3, 3, config, round, seed)) {
            return reverser.reverse(checkpoint, listener);
        }
    }

    static TriggerPattern initial(int round, long seed) {
        try (Classifier backdoored = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu());
             TriggerReverser reverser = new TriggerReverser(backdoored, TinyModels.get().split.defense(), TinyModels.TARGET,
                     3, 3, 3, SMALL, round, seed)) {
            return reverser.currentTrigger();
        }
    }

    @Test
    void aSmallBudgetFindsATriggerOfTheBackdooredModel() {
        TinyModels tiny = TinyModels.get();
        try (Classifier backdoored = ModelFile.load(tiny.backdooredModel, Device.cpu())) {
            byte[] weightsBefore = TensorCodec.encodeParameters(backdoored.block());
            TriggerPattern start;
            TriggerPattern found;
            try (TriggerReverser reverser = new TriggerReverser(backdoored, tiny.split.defense(), TinyModels.TARGET, 3, 3, 3,
                    SMALL, 0, 11)) {
                start = reverser.currentTrigger();
                found = reverser.reverse(null, TrainingListener.NONE);
            }
            assertEquals("reversed-c0-k0", found.name());
            for (float v : found.values()) {
                assertTrue(v >= 0f && v <= 1f, "value " + v);
            }
            assertArrayEquals(weightsBefore, TensorCodec.encodeParameters(backdoored.block()),
                    "only the trigger is optimised: the classifier (and its BatchNorm statistics) is unchanged");
            ClassifierEvaluator evaluator = new ClassifierEvaluator(128);
            double before = evaluator.attackSuccessRate(backdoored, tiny.split.defense(), new FixedTriggerSource(start),
                    TinyModels.TARGET, StampingRule.PER_SAMPLE, 2).attackSuccessRate();
            double after = evaluator.attackSuccessRate(backdoored, tiny.split.defense(), new FixedTriggerSource(found),
                    TinyModels.TARGET, StampingRule.PER_SAMPLE, 2).attackSuccessRate();
            System.out.printf("reversed trigger ASR %.3f (random start %.3f)%n", after, before);
            assertTrue(after > 0.5, "ASR of the reversed trigger " + after);
            assertTrue(after > before, "better than its random start " + before);
        }
    }

    @Test
    void roundsStartFromDifferentSeededInitialisations() {
        TriggerPattern round0 = initial(0, 5);
        TriggerPattern round1 = initial(1, 5);
        assertFalse(Arrays.equals(round0.values(), round1.values()));
        assertArrayEquals(round0.values(), initial(0, 5).values());
        assertFalse(Arrays.equals(round0.values(), initial(0, 6).values()), "the seed matters too");
        for (float v : round1.values()) {
            assertTrue(v >= 0f && v < 1f);
        }
    }

    static ImageDataset first(int n) {
        return TinyModels.get().split.defense().subset("first-" + n, IntStream.range(0, n).toArray());
    }

    /** 64 images, batch 16, 2 epochs: 8 steps. */
    static final ReversalConfig TINY = new ReversalConfig(0.1, 0.9, 2, 16, 1);

    @Test
    void sameSeedAndRoundGiveTheSameTriggerAndOtherRoundsAnother() {
        TriggerPattern a = reverse(TINY, first(64), 2, 7, null, TrainingListener.NONE);
        TriggerPattern b = reverse(TINY, first(64), 2, 7, null, TrainingListener.NONE);
        TriggerPattern other = reverse(TINY, first(64), 3, 7, null, TrainingListener.NONE);
        assertEquals(a, b);
        assertFalse(Arrays.equals(a.values(), other.values()));
    }

    @Test
    void stoppedAndResumedRoundEqualsTheUninterruptedOne() throws java.io.IOException {
        TriggerPattern uninterrupted = reverse(TINY, first(64), 0, 9, null, TrainingListener.NONE);
        Path checkpoint = tmp.resolve("reversal.ckpt");
        BackdoorRemoverTest.Interrupter first = new BackdoorRemoverTest.Interrupter(3);
        TrainingStoppedException e = assertThrows(TrainingStoppedException.class,
                () -> reverse(TINY, first(64), 0, 9, checkpoint, first));
        assertTrue(e.getMessage().contains("step 3"), e.getMessage());
        BackdoorRemoverTest.Interrupter second = new BackdoorRemoverTest.Interrupter(3);
        assertThrows(TrainingStoppedException.class, () -> reverse(TINY, first(64), 0, 9, checkpoint, second));
        BackdoorRemoverTest.Interrupter third = new BackdoorRemoverTest.Interrupter(-1);
        TriggerPattern resumed = reverse(TINY, first(64), 0, 9, checkpoint, third);
        assertEquals(List.of(3L), second.resumedAt);
        assertEquals(List.of(6L), third.resumedAt);
        assertEquals(uninterrupted, resumed);
        // another round does not resume this round's checkpoint: it moves it aside and starts over
        BackdoorRemoverTest.Interrupter otherRound = new BackdoorRemoverTest.Interrupter(-1);
        reverse(TINY, first(64), 1, 9, checkpoint, otherRound);
        assertEquals(List.of(), otherRound.resumedAt);
        try (var files = java.nio.file.Files.list(checkpoint.getParent())) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith(checkpoint.getFileName()
                    + ".corrupt-")).count(), "the other round's checkpoint is kept aside");
        }
    }

    @Test
    void nativeResourcesStayFlatOverOneHundredSixtySteps() {
        // 128 images, batch 8: 16 steps per epoch, 10 epochs (a checkpoint at each epoch end)
        ReversalConfig config = new ReversalConfig(0.1, 0.9, 10, 8, 1);
        try (Classifier backdoored = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu());
             TriggerReverser reverser = new TriggerReverser(backdoored, first(128), TinyModels.TARGET, 3, 3, 3, config, 0, 1)) {
            var system = NativeResources.systemOf(backdoored.manager());
            List<Long> steps = new ArrayList<>();
            List<NativeResources.Count> own = new ArrayList<>();
            List<NativeResources.Count> all = new ArrayList<>();
            reverser.reverse(tmp.resolve("m.ckpt"), new TrainingListener() {
                @Override
                public void onProgress(TrainingProgress p) {
                    steps.add(p.globalStep());
                    own.add(NativeResources.of(backdoored.manager()));
                    all.add(NativeResources.of(system));
                }
            });
            assertEquals(160L, steps.get(steps.size() - 1));
            int warm = steps.indexOf(20L);
            for (int i = warm; i < own.size(); i++) {
                assertEquals(own.get(warm), own.get(i), "classifier manager at step " + steps.get(i) + ": " + own);
                assertEquals(all.get(warm), all.get(i), "system manager at step " + steps.get(i) + ": " + all);
            }
        }
    }

    @Test
    void badInputsAreRejectedBeforeAnyWork() {
        try (Classifier backdoored = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu())) {
            ImageDataset images = first(64);
            for (int bad : new int[] {-1, 10}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> new TriggerReverser(backdoored, images, bad, 3, 3, 3, TINY, 0, 1));
                assertTrue(e.getMessage().contains("target class " + bad), e.getMessage());
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new TriggerReverser(backdoored, images, 0, 3, 17, 3, TINY, 0, 1));
            assertTrue(e.getMessage().contains("17x3") && e.getMessage().contains("16"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new TriggerReverser(backdoored, images, 0, 3, 3, 20, TINY, 0, 1));
            e = assertThrows(IllegalArgumentException.class, () -> new TriggerReverser(backdoored, images, 0, 1, 3, 3, TINY, 0, 1));
            assertTrue(e.getMessage().contains("channel"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> new TriggerReverser(backdoored, first(10), 0, 3, 3, 3, TINY, 0, 1));
            assertTrue(e.getMessage().contains("fewer than one batch"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new ReversalConfig(0, 0.9, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReversalConfig(0.1, 1.0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReversalConfig(0.1, 0.9, 1, 1, 0));
    }

    /** The authors' protocol at tiny scale: half of the 480 defence images, batch 16 (15 steps an epoch), 10 epochs. */
    static final ReversalConfig TINY_REFERENCE = new ReversalConfig(0.1, 0.9, 10, 16, 1, ReversalConfig.Space.NORMALISED,
            ReversalConfig.Clipping.EVERY_EPOCH, 0.5);

    @Test
    void theReferenceBudgetIsFiftySixStepsOnTenPercentOfTheCifarDefenseSplit() {
        ReversalConfig reference = ReversalConfig.reference();
        assertEquals(800, reference.imagesPerRound(8000));
        assertEquals(56, dev.mesa.data.EpochPlan.stepsPerEpoch(reference.imagesPerRound(8000), reference.batchSize(),
                true) * reference.epochs());
        assertEquals(0.1, reference.learningRate());
        assertEquals(10, reference.rounds());
        // mesa's protocol keeps the checkpoint text it had before the reference existed: its rounds still resume
        assertEquals("ReversalConfig[learningRate=0.1, momentum=0.9, epochs=3, batchSize=128, rounds=10]",
                ReversalConfig.paper().fingerprintText());
        assertFalse(reference.fingerprintText().equals(new ReversalConfig(0.1, 0.9, 7, 100, 10).fingerprintText()));
        assertThrows(IllegalArgumentException.class, () -> new ReversalConfig(0.1, 0.9, 1, 1, 1,
                ReversalConfig.Space.PIXELS, ReversalConfig.Clipping.EVERY_STEP, 0));
    }

    @Test
    void theUpdateStepsInItsSpaceAndClipsOnlyWhenTheRuleSays() {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(Device.cpu())) {
            ai.djl.ndarray.types.Shape one = new ai.djl.ndarray.types.Shape(1, 1, 1, 2);
            ai.djl.ndarray.types.Shape channel = new ai.djl.ndarray.types.Shape(1, 1, 1, 1);
            ai.djl.ndarray.NDArray mean = m.create(new float[] {0.5f}, channel);
            ai.djl.ndarray.NDArray std = m.create(new float[] {0.25f}, channel);
            ReversalConfig normalised = new ReversalConfig(0.1, 0.5, 1, 1, 1, ReversalConfig.Space.NORMALISED,
                    ReversalConfig.Clipping.EVERY_EPOCH, 1.0);
            // t = (1.5, 0), v = (1, 0), g = (-20, 1): v' = 0.5 v + g = (-19.5, 1), t' = t - 0.1 v' = (3.45, -0.1)
            ai.djl.ndarray.NDArray velocity = m.create(new float[] {1f, 0f}, one);
            float[] mid = TriggerReverser.update(m.create(new float[] {1.5f, 0f}, one), velocity,
                    m.create(new float[] {-20f, 1f}, one), normalised, false, mean, std).toFloatArray();
            assertArrayEquals(new float[] {3.45f, -0.1f}, mid, 1e-5f, "mid-epoch: no clip, though 3.45 maps to pixel 1.36");
            assertArrayEquals(new float[] {-19.5f, 1f}, velocity.toFloatArray(), 1e-5f);
            // at the epoch's end the same step is clipped to the normalised range [(0 - 0.5)/0.25, (1 - 0.5)/0.25]
            float[] end = TriggerReverser.update(m.create(new float[] {1.5f, 0f}, one), m.create(new float[] {1f, 0f}, one),
                    m.create(new float[] {-20f, 1f}, one), normalised, true, mean, std).toFloatArray();
            assertArrayEquals(new float[] {2f, -0.1f}, end, 1e-5f);
            // mesa's protocol: pixels, clipped to [0, 1] after every step
            float[] pixels = TriggerReverser.update(m.create(new float[] {0.5f, 0.05f}, one), m.zeros(one),
                    m.create(new float[] {-20f, 1f}, one), new ReversalConfig(0.1, 0.5, 1, 1, 1), false, mean, std)
                    .toFloatArray();
            assertArrayEquals(new float[] {1f, 0f}, pixels, 1e-6f);
        }
    }

    @Test
    void aReferenceRoundFindsATriggerOnItsSubsetAndResumesExactly() throws java.io.IOException {
        TinyModels tiny = TinyModels.get();
        List<Long> steps = new ArrayList<>();
        TriggerPattern found = reverse(TINY_REFERENCE, tiny.split.defense(), 0, 11, null, new TrainingListener() {
            @Override
            public void onProgress(TrainingProgress p) {
                steps.add(p.globalStep());
            }
        });
        assertEquals(150L, steps.get(steps.size() - 1), "240 of 480 images at batch 16, 10 epochs: " + steps);
        for (float v : found.values()) {
            assertTrue(v >= 0f && v <= 1f, "value " + v);
        }
        TriggerPattern start = initial(0, 11);
        try (Classifier backdoored = ModelFile.load(tiny.backdooredModel, Device.cpu())) {
            ClassifierEvaluator evaluator = new ClassifierEvaluator(128);
            double before = evaluator.attackSuccessRate(backdoored, tiny.split.defense(), new FixedTriggerSource(start),
                    TinyModels.TARGET, StampingRule.PER_SAMPLE, 2).attackSuccessRate();
            double after = evaluator.attackSuccessRate(backdoored, tiny.split.defense(), new FixedTriggerSource(found),
                    TinyModels.TARGET, StampingRule.PER_SAMPLE, 2).attackSuccessRate();
            System.out.printf("reference reversal ASR %.3f (random start %.3f)%n", after, before);
            assertTrue(after > before + 0.2, "the reference round learns: " + before + " -> " + after);
        }
        assertFalse(Arrays.equals(found.values(), reverse(new ReversalConfig(0.1, 0.9, 10, 16, 1),
                tiny.split.defense(), 0, 11, null, TrainingListener.NONE).values()), "another protocol, another trigger");
        Path checkpoint = tmp.resolve("reference.ckpt");
        assertThrows(TrainingStoppedException.class, () -> reverse(TINY_REFERENCE, tiny.split.defense(), 0, 11,
                checkpoint, new BackdoorRemoverTest.Interrupter(37)));
        BackdoorRemoverTest.Interrupter rest = new BackdoorRemoverTest.Interrupter(-1);
        assertEquals(found, reverse(TINY_REFERENCE, tiny.split.defense(), 0, 11, checkpoint, rest));
        assertEquals(1, rest.resumedAt.size(), "resumed from the checkpoint: " + rest.resumedAt);
    }
}
