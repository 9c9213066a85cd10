package dev.mesa.defense;

import dev.mesa.training.ClassifierTrainingConfig;

/**
 * Backdoor removal by fine-tuning (paper Eq. 5): each defence image is stamped with a freshly sampled
 * trigger with probability {@code stampRatio} and keeps its true label (ref: r = 0.01, 10 epochs, SGD lr
 * 1e-3, momentum 0.9, batch 128).
 */
public record RetrainConfig(double stampRatio, ClassifierTrainingConfig training) {
    public RetrainConfig {
        if (!(stampRatio > 0 && stampRatio <= 1)) {
            throw new IllegalArgumentException("stamp ratio r must be in (0, 1], got " + stampRatio);
        }
    }

    public static RetrainConfig paper(long seed) {
        return new RetrainConfig(0.01, ClassifierTrainingConfig.paperFineTuning(seed));
    }

    /** This retraining for {@code epochs} epochs, every other setting unchanged. */
    public RetrainConfig withEpochs(int epochs) {
        return new RetrainConfig(stampRatio, training.withLoop(training.loop().withEpochs(epochs)));
    }
}
