package dev.mesa.defence;

import dev.mesa.checkpoint.Fingerprint;

/**
 * The single-reversed-trigger baseline (paper, ref notebook): raw pixels optimised with SGD (lr 0.1,
 * momentum 0.9) from a uniform random start, cross-entropy to the target class, one random location per
 * batch, values clipped to [0, 1]; {@code rounds} independent seeded rounds (paper: 10). The ref notebook
 * does not state its step budget; mesa defaults to 3 epochs over the defence split (186 steps at 8,000
 * images), a project choice recorded in docs/PROTOCOL.md.
 */
public record ReversalConfig(double learningRate, double momentum, int epochs, int batchSize, int rounds) {
    public ReversalConfig {
        if (!(learningRate > 0) || momentum < 0 || momentum >= 1 || epochs < 1 || batchSize < 1 || rounds < 1) {
            throw new IllegalArgumentException("reversal needs lr > 0, momentum in [0, 1), epochs, batch and rounds >= 1");
        }
    }

    /** Every field, for checkpoints ({@link Fingerprint}). */
    public Fingerprint fingerprint() {
        return Fingerprint.of("reversal-config").with("learningRate", learningRate).with("momentum", momentum)
                .with("epochs", epochs).with("batchSize", batchSize).with("rounds", rounds);
    }

    public static ReversalConfig paper() {
        return new ReversalConfig(0.1, 0.9, 3, 128, 10);
    }
}
