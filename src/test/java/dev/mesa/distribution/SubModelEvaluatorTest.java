package dev.mesa.distribution;

import ai.djl.Device;
import dev.mesa.evaluation.ClassifierEvaluator;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import dev.mesa.random.Seeds;
import dev.mesa.testing.TinyModels;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerPattern;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubModelEvaluatorTest {
    @Test
    void skippedFollowsTheMeanTestingFunctionAgainstBeta() {
        try (Classifier backdoored = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu());
             TriggerGeneratorModel model = TriggerGeneratorModel.create(ConstantGenerators.CONFIG, 3, 3, 3, 2, Device.cpu())) {
            SubModelEvaluator evaluator = new SubModelEvaluator(32);
            var images = GeneratorTrainerTest.firstImages(64);
            SubModelReport probe = evaluator.evaluate(model, backdoored, images, 0, 0.5, 12, 3);
            double f = probe.meanTestingFunction();
            assertTrue(f > 0 && f < 1, probe.toString());
            assertEquals(f < 0.5, probe.skipped());
            SubModelReport low = evaluator.evaluate(model, backdoored, images, 0, f / 2, 12, 3);
            SubModelReport high = evaluator.evaluate(model, backdoored, images, 0, (f + 1) / 2, 12, 3);
            assertFalse(low.skipped(), low.toString());
            assertTrue(high.skipped(), high.toString());
            // only β and the flag depend on β; the measurements are seeded and repeat exactly
            assertEquals(probe.meanTestingFunction(), high.meanTestingFunction());
            assertEquals(probe.sampleAsr(), high.sampleAsr());
            assertEquals(probe.mutualInformation(), high.mutualInformation());
            assertEquals(probe.diversity(), high.diversity());
            assertEquals(12, high.steps());
            assertEquals((f + 1) / 2, high.beta());
        }
    }

    @Test
    void aConstantGeneratorHasZeroDiversityAndTheAsrOfItsOneTrigger() {
        try (Classifier backdoored = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu());
             TriggerGeneratorModel constant = ConstantGenerators.constant(0, 4);
             TriggerGeneratorModel random = TriggerGeneratorModel.create(ConstantGenerators.CONFIG, 3, 3, 3, 4, Device.cpu())) {
            var images = GeneratorTrainerTest.firstImages(64);
            SubModelReport report = new SubModelEvaluator(32).evaluate(constant, backdoored, images, 0, 0.5, 0, 7);
            assertEquals(0.0, report.diversity(), 1e-6, report.toString());
            // every sample is the all-0.5 trigger: the sample ASR is that trigger's ASR with the same locations
            float[] half = new float[27];
            Arrays.fill(half, 0.5f);
            double expected = new ClassifierEvaluator(32).attackSuccessRate(backdoored, images,
                    new FixedTriggerSource(new TriggerPattern("half", 3, 3, 3, half)), 0, StampingRule.PER_SAMPLE,
                    Seeds.derive(7, "sample-asr")).attackSuccessRate();
            assertEquals(expected, report.sampleAsr());
            // an untrained generator is diverse
            SubModelReport diverse = new SubModelEvaluator(32).evaluate(random, backdoored, images, 0, 0.5, 0, 7);
            assertTrue(diverse.diversity() > 0.01, diverse.toString());
        }
    }
}
