package dev.mesa.activities;

import dev.mesa.defense.DetectionRule;
import dev.mesa.defense.RetrainConfig;
import dev.mesa.distribution.MesaConfig;
import dev.mesa.training.ClassifierTrainingConfig;
import dev.mesa.workflows.activity.AttackSettings;
import dev.mesa.workflows.activity.ClassifierSettings;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.RetrainSettings;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The contracts' defaults (the workflows module cannot see the core) are the core's presets: a request that leaves
 * everything out trains exactly as the core's paper configuration, so the two places cannot drift apart unseen.
 */
class TrainingConfigsTest {
    private static final TrainingCadence CADENCE = TrainingCadence.defaults();

    @Test
    void mesaSettingsDefaultsAreThePapersConfigurationFieldByField() {
        MesaSettings settings = MesaSettings.defaults();
        MesaConfig paper = MesaConfig.paper();
        assertEquals(paper.betas(), settings.betas(), "betas");
        assertEquals(paper.alpha(), settings.alpha(), "alpha");
        assertEquals(paper.noiseStd(), settings.noiseStd(), "noiseStd");
        assertEquals(paper.noiseDim(), settings.zDim(), "zDim / noiseDim");
        assertEquals(paper.hidden(), settings.hidden(), "hidden");
        assertEquals(paper.learningRate(), settings.learningRate(), "learningRate");
        assertEquals(paper.mineMovingAverageRate(), settings.mineMovingAverageRate(), "mineMovingAverageRate");
        assertEquals(paper.epochs(), settings.epochs(), "epochs");
        assertEquals(paper.batchSize(), settings.batchSize(), "batchSize");
        assertEquals(paper, TrainingConfigs.mesa(settings, settings.epochs()),
                "every field, including those a request cannot set (Adam's betas, the statistics network's activation)");
    }

    @Test
    void detectionThresholdDefaultsAreTheCoresRule() {
        MesaSettings settings = MesaSettings.defaults();
        assertEquals(DetectionRule.defaults(), TrainingConfigs.detection(settings.asrThreshold(),
                settings.madThreshold()));
    }

    @Test
    void classifierSettingsDefaultsAreTheCoresCleanTraining() {
        ClassifierSettings settings = ClassifierSettings.defaults();
        assertEquals(ClassifierTrainingConfig.cleanTraining(settings.epochs(), 7)
                        .withIntervals(TrainingConfigs.intervals(CADENCE)),
                TrainingConfigs.clean(settings, 7, CADENCE));
    }

    @Test
    void attackAndRetrainDefaultsAreThePapersFineTuning() {
        ClassifierTrainingConfig paper = ClassifierTrainingConfig.paperFineTuning(7)
                .withIntervals(TrainingConfigs.intervals(CADENCE));
        assertEquals(paper, TrainingConfigs.attack(AttackSettings.defaults(), 7, CADENCE));
        RetrainConfig retrain = TrainingConfigs.retrain(RetrainSettings.defaults(), 7, CADENCE);
        assertEquals(paper, retrain.training());
        assertEquals(RetrainConfig.paper(7).stampRatio(), retrain.stampRatio());
    }

    @Test
    void aRequestOverridesOnlyWhatItCarries() {
        MesaSettings wide = new MesaSettings(null, null, null, null, null, null, null, null, 2048, null, null, null,
                null).withDefaults();
        assertEquals(MesaConfig.paperCifar100(), TrainingConfigs.mesa(wide, wide.epochs()));
    }
}
