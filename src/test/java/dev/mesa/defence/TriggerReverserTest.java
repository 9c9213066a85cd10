package dev.mesa.defence;

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
             TriggerReverser reverser = new TriggerReverser(backdoored, TinyModels.get().split.defence(), TinyModels.TARGET,
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
            try (TriggerReverser reverser = new TriggerReverser(backdoored, tiny.split.defence(), TinyModels.TARGET, 3, 3, 3,
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
            double before = evaluator.attackSuccessRate(backdoored, tiny.split.defence(), new FixedTriggerSource(start),
                    TinyModels.TARGET, StampingRule.PER_SAMPLE, 2).attackSuccessRate();
            double after = evaluator.attackSuccessRate(backdoored, tiny.split.defence(), new FixedTriggerSource(found),
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
        return TinyModels.get().split.defence().subset("first-" + n, IntStream.range(0, n).toArray());
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
}
