package dev.mesa.training;

import dev.mesa.checkpoint.Fingerprint;

import dev.mesa.data.Augmentation;

/**
 * Hyper-parameters of a classifier training loop (clean training, backdoor injection, retraining).
 */
public record ClassifierTrainingConfig(LoopSettings loop, LearningRateSchedule learningRate, double momentum,
                                       double weightDecay, boolean nesterov, Augmentation augmentation,
                                       double labelSmoothing, long seed) {
    public ClassifierTrainingConfig {
        if (momentum < 0 || momentum >= 1) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (weightDecay < 0) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        if (labelSmoothing < 0 || labelSmoothing >= 1) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
        }
    }

    /**
     * Clean training from scratch: SGD (Nesterov momentum 0.9, weight decay 5e-4), one-cycle learning rate
     * peaking at 0.1 after 15% of the steps, crop+flip augmentation, label smoothing 0.1, batch 128.
     */
    public static ClassifierTrainingConfig cleanTraining(int epochs, long seed) {
        return cleanTraining(epochs, 128, 0.1, 5e-4, seed);
    }

    /** {@link #cleanTraining(int, long)} with the batch size, peak learning rate and weight decay given. */
    public static ClassifierTrainingConfig cleanTraining(int epochs, int batchSize, double peakLearningRate,
                                                         double weightDecay, long seed) {
        return new ClassifierTrainingConfig(LoopSettings.of(epochs, batchSize, true),
                LearningRateSchedule.oneCycle(peakLearningRate, 0.15), 0.9, weightDecay, true, Augmentation.CIFAR, 0.1,
                seed);
    }

    /**
     * The paper's fine-tuning (backdoor injection and MESA retraining): SGD lr 1e-3, momentum 0.9,
     * batch 128, 10 epochs, no augmentation, every image used (last partial batch kept).
     */
    public static ClassifierTrainingConfig paperFineTuning(long seed) {
        return fineTuning(10, 1e-3, seed);
    }

    public static ClassifierTrainingConfig fineTuning(int epochs, double learningRate, long seed) {
        return fineTuning(epochs, 128, learningRate, 0.9, seed);
    }

    /** The paper's fine-tuning with the epochs, batch size, learning rate and momentum given. */
    public static ClassifierTrainingConfig fineTuning(int epochs, int batchSize, double learningRate, double momentum,
                                                      long seed) {
        return new ClassifierTrainingConfig(LoopSettings.of(epochs, batchSize, false),
                LearningRateSchedule.constant(learningRate), momentum, 0, false, Augmentation.NONE, 0, seed);
    }

    /** This configuration with the loop's log and checkpoint intervals replaced. */
    public ClassifierTrainingConfig withIntervals(LoopIntervals intervals) {
        return withLoop(loop.withIntervals(intervals));
    }

    public ClassifierTrainingConfig withLoop(LoopSettings newLoop) {
        return new ClassifierTrainingConfig(newLoop, learningRate, momentum, weightDecay, nesterov, augmentation,
                labelSmoothing, seed);
    }

    public ClassifierTrainingConfig withSeed(long newSeed) {
        return new ClassifierTrainingConfig(loop, learningRate, momentum, weightDecay, nesterov, augmentation,
                labelSmoothing, newSeed);
    }

    /**
     * The fields that change training, for checkpoints ({@link Fingerprint}): the loop's epochs, batch and last-batch
     * rule, but not how often it logs or checkpoints (a worker started with another cadence resumes the same run).
     */
    public Fingerprint fingerprint() {
        return Fingerprint.of("classifier-training").with("epochs", loop.epochs()).with("batchSize", loop.batchSize())
                .with("dropLast", loop.dropLast()).with("schedule", learningRate.kind())
                .with("learningRate", learningRate.peak()).with("warmupFraction", learningRate.warmupFraction())
                .with("momentum", momentum).with("weightDecay", weightDecay).with("nesterov", nesterov)
                .with("cropPadding", augmentation.padding()).with("horizontalFlip", augmentation.horizontalFlip())
                .with("labelSmoothing", labelSmoothing).with("seed", seed);
    }
}
