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
import dev.mesa.training.LoopIntervals;
import dev.mesa.training.TrainingListener;
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

    @Test
    void onePassEstimatesTheSameFiguresAsTheTwoPasses() {
        try (Classifier backdoored = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu());
             TriggerGeneratorModel model = TriggerGeneratorModel.create(GeneratorTrainerTest.SEARCH, 3, 3, 3, 1,
                     Device.cpu())) {
            var images = TinyModels.get().split.defense();
            // a searched generator, so that both figures are far from 0 whichever way the search went on this CPU
            new GeneratorTrainer(model, backdoored, images, TinyModels.TARGET, 0.8, 1)
                    .train(new LoopIntervals(1000, 1000), null, TrainingListener.NONE);
            // batches of 1 give the two-pass E[F] a location per image too, so both sides estimate with 480 draws
            SubModelReport twoPasses = new SubModelEvaluator(1).evaluate(model, backdoored, images, 0, 0.5, 0, 13);
            SubModelReport onePass = new SubModelEvaluator(32, SubModelEvaluator.Measurement.onePass(null))
                    .evaluate(model, backdoored, images, 0, 0.5, 0, 13);
            // about four standard errors of the difference of two 480-image means (F and the hits are in [0, 1])
            assertEquals(twoPasses.meanTestingFunction(), onePass.meanTestingFunction(), 0.08,
                    onePass + " against " + twoPasses);
            assertEquals(twoPasses.sampleAsr(), onePass.sampleAsr(), 0.12, onePass + " against " + twoPasses);
            assertNotEquals(twoPasses.meanTestingFunction(), onePass.meanTestingFunction(), "other draws");
            assertTrue(twoPasses.meanTestingFunction() > 0.2, "the search raised F: " + twoPasses);
            // the figures that do not come from the stamped pass are unchanged (at the same batch size)
            SubModelReport paper = new SubModelEvaluator(32).evaluate(model, backdoored, images, 0, 0.5, 0, 13);
            assertEquals(paper.mutualInformation(), onePass.mutualInformation());
            assertEquals(paper.diversity(), onePass.diversity());
            SubModelReport again = new SubModelEvaluator(32, SubModelEvaluator.Measurement.onePass(null))
                    .evaluate(model, backdoored, images, 0, 0.5, 0, 13);
            assertEquals(onePass, again, "seeded: the one pass repeats exactly");
        }
    }

    @Test
    void onePassCountsTheSampleAsrOnImagesOfOtherClassesOnly() {
        try (Classifier backdoored = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu());
             TriggerGeneratorModel model = TriggerGeneratorModel.create(ConstantGenerators.CONFIG, 3, 3, 3, 14,
                     Device.cpu())) {
            var defense = TinyModels.get().split.defense();
            var targetOnly = defense.subset("target-only", IntStream.range(0, defense.size())
                    .filter(i -> defense.label(i) == TinyModels.TARGET).toArray());
            assertTrue(targetOnly.size() > 10, "the tiny defence split has images of the target class");
            SubModelReport report = new SubModelEvaluator(32, SubModelEvaluator.Measurement.onePass(null))
                    .evaluate(model, backdoored, targetOnly, TinyModels.TARGET, 0.5, 0, 15);
            assertEquals(0.0, report.sampleAsr(), "no image can be attacked into its own class");
            assertTrue(report.meanTestingFunction() > 0.3, "E[F] counts every image: " + report);
        }
    }

    @Test
    void onePassHasNoSearchNoise() {
        var error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SubModelEvaluator.Measurement(true, true, null));
        assertTrue(error.getMessage().contains("without the search noise"), error.getMessage());
    }

    private static MesaConfig withNoise(double noiseStd) {
        MesaConfig c = ConstantGenerators.CONFIG;
        return new MesaConfig(List.of(0.8), c.alpha(), noiseStd, c.noiseDim(), c.hidden(), c.learningRate(), c.adamBeta1(),
                c.adamBeta2(), c.mineMovingAverageRate(), c.epochs(), c.batchSize(), c.statisticsFinalActivation());
    }
}
