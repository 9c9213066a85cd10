package dev.mesa.activities;

import dev.mesa.data.ImageShape;
import dev.mesa.defense.DetectionRule;
import dev.mesa.defense.RetrainConfig;
import dev.mesa.distribution.MesaConfig;
import dev.mesa.model.ClassifierSpec;
import dev.mesa.training.ClassifierTrainingConfig;
import dev.mesa.training.LoopIntervals;
import dev.mesa.workflows.activity.AttackSettings;
import dev.mesa.workflows.activity.ClassifierSettings;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.RetrainSettings;

/**
 * The core's training configurations from the contracts' settings records (defaults already applied). Each starts
 * from the core's preset ({@link ClassifierTrainingConfig#cleanTraining}, {@link ClassifierTrainingConfig#fineTuning},
 * {@link MesaConfig#paper()}, {@link DetectionRule#defaults()}) and overrides only what a request carries, plus the
 * worker's log and checkpoint intervals; everything else (warm-up fraction, Nesterov momentum, label smoothing, Adam's
 * betas, the statistics network's final activation, the MAD floor) is the preset's.
 */
final class TrainingConfigs {
    private TrainingConfigs() {}

    static ClassifierSpec spec(ClassifierSettings s, int numClasses, ImageShape shape) {
        ClassifierSpec base = ClassifierSpec.of(s.architecture(), numClasses, shape);
        if (s.widthMultiplier() == null) {
            return base;
        }
        int width = Math.max(1, (int) Math.round(base.width() * s.widthMultiplier()));
        return new ClassifierSpec(base.architecture(), width, numClasses, shape);
    }

    static ClassifierTrainingConfig clean(ClassifierSettings s, long seed, TrainingCadence cadence) {
        return ClassifierTrainingConfig.cleanTraining(s.epochs(), s.batchSize(), s.learningRate(), s.weightDecay(), seed)
                .withIntervals(intervals(cadence));
    }

    static ClassifierTrainingConfig attack(AttackSettings s, long seed, TrainingCadence cadence) {
        return ClassifierTrainingConfig.fineTuning(s.epochs(), s.batchSize(), s.learningRate(), s.momentum(), seed)
                .withIntervals(intervals(cadence));
    }

    static RetrainConfig retrain(RetrainSettings s, long seed, TrainingCadence cadence) {
        return new RetrainConfig(s.poisonRatio(), ClassifierTrainingConfig.fineTuning(s.epochs(), s.batchSize(),
                s.learningRate(), s.momentum(), seed).withIntervals(intervals(cadence)));
    }

    static MesaConfig mesa(MesaSettings m, int epochs) {
        return MesaConfig.paper().toBuilder().betas(m.betas()).alpha(m.alpha()).noiseStd(m.noiseStd())
                .noiseDim(m.zDim()).hidden(m.hidden()).learningRate(m.learningRate())
                .mineMovingAverageRate(m.mineMovingAverageRate()).epochs(epochs).batchSize(m.batchSize()).build();
    }

    /** The request's thresholds; the MAD floor is the core's. */
    static DetectionRule detection(double asrThreshold, double anomalyThreshold) {
        return new DetectionRule(asrThreshold, anomalyThreshold, DetectionRule.defaults().madFloor());
    }

    static LoopIntervals intervals(TrainingCadence cadence) {
        return new LoopIntervals(cadence.logEverySteps(), cadence.checkpointEverySteps());
    }
}
