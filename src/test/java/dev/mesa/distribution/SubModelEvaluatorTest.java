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
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

    @Test
    void theSkipRuleMeasuresTheGeneratorWithoutTheSearchNoise() {
        // two copies of one generator (same seed, same weights) that differ only in the search noise they train with
        try (Classifier backdoored = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu());
             TriggerGeneratorModel quiet = TriggerGeneratorModel.create(withNoise(0.0), 3, 3, 3, 5, Device.cpu());
             TriggerGeneratorModel noisy = TriggerGeneratorModel.create(withNoise(0.5), 3, 3, 3, 5, Device.cpu())) {
            var images = GeneratorTrainerTest.firstImages(64);
            SubModelEvaluator paper = new SubModelEvaluator(32);
            double quietF = paper.evaluate(quiet, backdoored, images, 0, 0.5, 0, 9).meanTestingFunction();
            double noisyF = paper.evaluate(noisy, backdoored, images, 0, 0.5, 0, 9).meanTestingFunction();
            assertEquals(quietF, noisyF, "E[F] of the skip rule must not depend on the search noise");
            // the first release's measurement added the noise: the same generator then measures differently
            double firstRelease = new SubModelEvaluator(32, SubModelEvaluator.Measurement.FIRST_RELEASE)
                    .evaluate(noisy, backdoored, images, 0, 0.5, 0, 9).meanTestingFunction();
            assertNotEquals(noisyF, firstRelease);
        }
    }

    @Test
    void heldOutFiguresAreMeasuredOnTheHeldOutImagesAndLeaveTheDecisionsAlone() {
        try (Classifier backdoored = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu());
             TriggerGeneratorModel model = TriggerGeneratorModel.create(ConstantGenerators.CONFIG, 3, 3, 3, 6, Device.cpu())) {
            var defense = GeneratorTrainerTest.firstImages(64);
            var evaluation = TinyModels.get().split.evaluation();
            var heldOut = evaluation.subset("evaluation-64", IntStream.range(0, 64).toArray());
            SubModelReport plain = new SubModelEvaluator(32).evaluate(model, backdoored, defense, 0, 0.5, 4, 11);
            SubModelReport withHeldOut = new SubModelEvaluator(32, SubModelEvaluator.Measurement.paper(heldOut))
                    .evaluate(model, backdoored, defense, 0, 0.5, 4, 11);
            SubModelReport onHeldOut = new SubModelEvaluator(32).evaluate(model, backdoored, heldOut, 0, 0.5, 4, 11);
            assertNull(plain.heldOutTestingFunction());
            assertNull(plain.heldOutSampleAsr());
            assertEquals(plain.meanTestingFunction(), withHeldOut.meanTestingFunction());
            assertEquals(plain.sampleAsr(), withHeldOut.sampleAsr());
            assertEquals(plain.skipped(), withHeldOut.skipped());
            assertEquals(onHeldOut.meanTestingFunction(), withHeldOut.heldOutTestingFunction());
            assertEquals(onHeldOut.sampleAsr(), withHeldOut.heldOutSampleAsr());
            assertNotEquals(plain.meanTestingFunction(), withHeldOut.heldOutTestingFunction(),
                    "other images give another E[F]: the held-out figure is not the defence one");
        }
    }

    private static MesaConfig withNoise(double noiseStd) {
        MesaConfig c = ConstantGenerators.CONFIG;
        return new MesaConfig(List.of(0.8), c.alpha(), noiseStd, c.noiseDim(), c.hidden(), c.learningRate(), c.adamBeta1(),
                c.adamBeta2(), c.mineMovingAverageRate(), c.epochs(), c.batchSize(), c.statisticsFinalActivation());
    }
}
