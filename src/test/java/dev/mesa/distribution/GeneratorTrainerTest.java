package dev.mesa.distribution;

import ai.djl.Device;
import dev.mesa.evaluation.ClassifierEvaluator;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import dev.mesa.testing.TinyModels;
import dev.mesa.training.LoopSettings;
import dev.mesa.training.TrainingListener;
import dev.mesa.training.TrainingProgress;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.StampingRule;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorTrainerTest {
    static final MesaConfig TINY = MesaConfig.paper().withHidden(64).withEpochs(10).withBatchSize(32).withLearningRate(2e-3);

    static SubModelReport train(Path modelFile, double beta) {
        TinyModels tiny = TinyModels.get();
        try (Classifier classifier = ModelFile.load(modelFile, Device.cpu());
             TriggerGeneratorModel generator = TriggerGeneratorModel.create(TINY, 3, 3, 3, 9, Device.cpu())) {
            GeneratorTrainer trainer = new GeneratorTrainer(generator, classifier, tiny.split.defence(), TinyModels.TARGET, beta, 9);
            var outcome = trainer.train(LoopSettings.of(1, 1, true).withIntervals(15, 1000), null, new TrainingListener() {
                @Override
                public void onProgress(TrainingProgress p) {
                    System.out.println(p.globalStep() + " " + p.meanLosses());
                }
            });
            return new SubModelEvaluator(64).evaluate(generator, classifier, tiny.split.defence(), TinyModels.TARGET, beta,
                    outcome.globalSteps(), 1);
        }
    }

    @Test
    void generatorFindsTheBackdoorOfABackdooredModel() {
        TinyModels tiny = TinyModels.get();
        try (Classifier c = ModelFile.load(tiny.backdooredModel, Device.cpu())) {
            double asr = new ClassifierEvaluator(128).attackSuccessRate(c, tiny.split.evaluation(),
                    new FixedTriggerSource(TinyModels.TRIGGER), TinyModels.TARGET, StampingRule.PER_SAMPLE, 1).attackSuccessRate();
            System.out.println("attacked ASR " + asr);
        }
        SubModelReport report = train(tiny.backdooredModel, 0.8);
        System.out.println(report);
        assertTrue(report.sampleAsr() > 0.8, "backdoored: " + report);
    }

    @Test
    void generatorFindsNothingInACleanModel() {
        SubModelReport report = train(TinyModels.get().cleanModel, 0.8);
        System.out.println(report);
        assertTrue(report.sampleAsr() < 0.3, "clean: " + report);
    }
}
