package dev.mesa.evaluation;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mesa.data.Augmentation;
import dev.mesa.data.BatchAssembler;
import dev.mesa.data.ImageDataset;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import dev.mesa.random.Seeds;
import dev.mesa.testing.NativeResources;
import dev.mesa.testing.TinyModels;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.StampPlan;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerStamper;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassifierEvaluatorTest {
    /** Predictions of the whole dataset in one batch, computed here without the evaluator. */
    static long[] predictions(Classifier c, ImageDataset data, boolean stampFixedCorner) {
        int[] idx = IntStream.range(0, data.size()).toArray();
        try (NDManager m = c.manager().newSubManager()) {
            NDArray images = new BatchAssembler(data, c.normalization()).assemble(idx, Augmentation.NONE, null).imagesOn(m);
            if (stampFixedCorner) {
                StampPlan plan = StampPlan.all(StampingRule.FIXED_CORNER, idx.length, data.shape().height(),
                        data.shape().width(), 3, 3, Seeds.stream(0, "unused"));
                images = new TriggerStamper(c.normalization()).stamp(images, TinyModels.TRIGGER.toNDArray(m), plan);
            }
            return c.logits(images, false).argMax(1).toLongArray();
        }
    }

    @Test
    void accuracyAndAttackSuccessRateFollowTheirDefinitions() {
        TinyModels tiny = TinyModels.get();
        ImageDataset data = tiny.split.evaluation();
        try (Classifier c = ModelFile.load(tiny.backdooredModel, Device.cpu())) {
            long[] clean = predictions(c, data, false);
            int correct = 0;
            int[] perClassCorrect = new int[10];
            for (int i = 0; i < data.size(); i++) {
                if (clean[i] == data.label(i)) {
                    correct++;
                    perClassCorrect[data.label(i)]++;
                }
            }
            AccuracyReport accuracy = new ClassifierEvaluator(7).accuracy(c, data);
            assertEquals(data.size(), accuracy.images());
            assertEquals((double) correct / data.size(), accuracy.accuracy(), 1e-12);
            for (int k = 0; k < 10; k++) {
                assertEquals((double) perClassCorrect[k] / data.classCounts()[k], accuracy.perClassAccuracy()[k], 1e-12);
            }

            long[] stamped = predictions(c, data, true);
            int nonTarget = 0;
            int hits = 0;
            for (int i = 0; i < data.size(); i++) {
                if (data.label(i) != TinyModels.TARGET) {
                    nonTarget++;
                    hits += stamped[i] == TinyModels.TARGET ? 1 : 0;
                }
            }
            AttackReport attack = new ClassifierEvaluator(16).attackSuccessRate(c, data,
                    new FixedTriggerSource(TinyModels.TRIGGER), TinyModels.TARGET, StampingRule.FIXED_CORNER, 3);
            assertEquals(nonTarget, attack.images(), "ASR counts only images whose true class is not the target");
            assertEquals((double) hits / nonTarget, attack.attackSuccessRate(), 1e-12);
            assertTrue(Double.isNaN(attack.perClassRate()[TinyModels.TARGET]));
            assertTrue(attack.attackSuccessRate() > 0.6, "the tiny backdoor works (bottom-right corner): " + attack.attackSuccessRate());
        }
        try (Classifier c = ModelFile.load(tiny.cleanModel, Device.cpu())) {
            AttackReport attack = new ClassifierEvaluator(64).attackSuccessRate(c, data,
                    new FixedTriggerSource(TinyModels.TRIGGER), TinyModels.TARGET, StampingRule.PER_SAMPLE, 3);
            assertTrue(attack.attackSuccessRate() < 0.3, "a clean model ignores the trigger: " + attack.attackSuccessRate());
        }
    }

    @Test
    void sameSeedSameAsr() {
        TinyModels tiny = TinyModels.get();
        try (Classifier c = ModelFile.load(tiny.backdooredModel, Device.cpu())) {
            ClassifierEvaluator evaluator = new ClassifierEvaluator(50);
            FixedTriggerSource trigger = new FixedTriggerSource(TinyModels.TRIGGER);
            AttackReport a = evaluator.attackSuccessRate(c, tiny.split.evaluation(), trigger, 0, StampingRule.PER_SAMPLE, 9);
            AttackReport b = evaluator.attackSuccessRate(c, tiny.split.evaluation(), trigger, 0, StampingRule.PER_SAMPLE, 9);
            assertEquals(a.attackSuccessRate(), b.attackSuccessRate());
            assertThrows(IllegalArgumentException.class,
                    () -> evaluator.attackSuccessRate(c, tiny.split.evaluation(), trigger, 10, StampingRule.PER_SAMPLE, 9));
        }
    }

    @Test
    void nativeResourcesStayFlatOverRepeatedEvaluations() {
        TinyModels tiny = TinyModels.get();
        try (Classifier c = ModelFile.load(tiny.backdooredModel, Device.cpu())) {
            ClassifierEvaluator evaluator = new ClassifierEvaluator(32);
            FixedTriggerSource trigger = new FixedTriggerSource(TinyModels.TRIGGER);
            NDManager system = NativeResources.systemOf(c.manager());
            NativeResources.Count ownBefore = null;
            NativeResources.Count allBefore = null;
            for (int round = 0; round < 40; round++) {
                evaluator.accuracy(c, tiny.split.evaluation());
                evaluator.attackSuccessRate(c, tiny.split.evaluation(), trigger, 0, StampingRule.PER_SAMPLE, round);
                if (round == 1) {
                    ownBefore = NativeResources.of(c.manager());
                    allBefore = NativeResources.of(system);
                }
            }
            assertEquals(ownBefore, NativeResources.of(c.manager()));
            assertEquals(allBefore, NativeResources.of(system));
        }
    }
}
