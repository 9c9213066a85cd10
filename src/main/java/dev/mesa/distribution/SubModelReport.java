package dev.mesa.distribution;

/**
 * What one trained sub-model achieved, measured after training on the defence images:
 * {@code meanTestingFunction} = E_z[F(G(z))] as in training (noise σ, one location per batch);
 * {@code sampleAsr} = fraction of non-target images sent to the target class by a fresh sample stamped at
 * a random location (no noise); {@code mutualInformation} = MINE estimate Î_T (nats; the entropy of G(z)
 * up to a constant); {@code diversity} = mean pairwise L2 distance between samples; {@code skipped} =
 * E[F] &lt; β (the paper's skip rule: the level's set is empty).
 */
public record SubModelReport(int targetClass, double beta, double meanTestingFunction, double sampleAsr,
                             double mutualInformation, double diversity, boolean skipped, long steps) {}
