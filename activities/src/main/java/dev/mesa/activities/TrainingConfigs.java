package dev.mesa.activities;

import dev.mesa.data.Augmentation;
import dev.mesa.data.ImageShape;
import dev.mesa.defence.RetrainConfig;
import dev.mesa.distribution.MesaConfig;
import dev.mesa.model.ClassifierSpec;
import dev.mesa.training.ClassifierTrainingConfig;
import dev.mesa.training.LearningRateSchedule;
import dev.mesa.training.LoopSettings;
import dev.mesa.workflows.activity.AttackSettings;
import dev.mesa.workflows.activity.ClassifierSettings;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.RetrainSettings;

/**
 * The core's training configurations from the contracts' settings records (defaults already applied). Clean
 * training: SGD with Nesterov momentum 0.9, one-cycle learning rate peaking at {@code learningRate} after 15% of
 * the steps, crop+flip augmentation, label smoothing 0.1. Attack and retraining: the paper's fine-tuning (constant
 * learning rate, plain momentum, no augmentation, the last partial batch kept). MESA: Adam betas (0.5, 0.999).
 */
final class TrainingConfigs {
    private static final double WARMUP_FRACTION = 0.15;
    private static final double CLEAN_MOMENTUM = 0.9;
    private static final double CLEAN_LABEL_SMOOTHING = 0.1;

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
        return new ClassifierTrainingConfig(loop(s.epochs(), s.batchSize(), true, cadence),
                LearningRateSchedule.oneCycle(s.learningRate(), WARMUP_FRACTION), CLEAN_MOMENTUM, s.weightDecay(), true,
                Augmentation.CIFAR, CLEAN_LABEL_SMOOTHING, seed);
    }

    static ClassifierTrainingConfig attack(AttackSettings s, long seed, TrainingCadence cadence) {
        return fineTuning(s.epochs(), s.batchSize(), s.learningRate(), s.momentum(), seed, cadence);
    }

    static RetrainConfig retrain(RetrainSettings s, long seed, TrainingCadence cadence) {
        return new RetrainConfig(s.poisonRatio(), fineTuning(s.epochs(), s.batchSize(), s.learningRate(), s.momentum(),
                seed, cadence));
    }

    static MesaConfig mesa(MesaSettings m, int epochs) {
        return new MesaConfig(m.betas(), m.alpha(), m.noiseStd(), m.zDim(), m.hidden(), m.learningRate(), 0.5, 0.999,
                m.mineMovingAverageRate(), epochs, m.batchSize(), true);
    }

    static LoopSettings intervals(TrainingCadence cadence) {
        return LoopSettings.of(1, 1, true).withIntervals(cadence.logEverySteps(), cadence.checkpointEverySteps());
    }

    private static ClassifierTrainingConfig fineTuning(int epochs, int batchSize, double learningRate, double momentum,
                                                       long seed, TrainingCadence cadence) {
        return new ClassifierTrainingConfig(loop(epochs, batchSize, false, cadence),
                LearningRateSchedule.constant(learningRate), momentum, 0, false, Augmentation.NONE, 0, seed);
    }

    private static LoopSettings loop(int epochs, int batchSize, boolean dropLast, TrainingCadence cadence) {
        return LoopSettings.of(epochs, batchSize, dropLast).withIntervals(cadence.logEverySteps(),
                cadence.checkpointEverySteps());
    }
}
