package dev.mesa.distribution;

/**
 * What one trained sub-model achieved, measured after training.
 *
 * <p>On the defence images (the images the generator trained on; the figures the defence decides by):
 * {@code meanTestingFunction} = E_z[F(G(z))] with one location per batch as in training but without the search
 * noise (the paper's skip rule; results measured by {@link SubModelEvaluator.Measurement#FIRST_RELEASE} included
 * the noise); {@code sampleAsr} = fraction of non-target images sent to the target class by a fresh sample stamped
 * at a random location (no noise); {@code skipped} = E[F] &lt; β (the skip rule: the level's set is empty).
 *
 * <p>Of the generator alone: {@code mutualInformation} = MINE estimate Î_T (nats; the entropy of G(z) up to a
 * constant); {@code diversity} = mean pairwise L2 distance between samples.
 *
 * <p>On the held-out evaluation images (what is reported, as no decision was made on them):
 * {@code heldOutTestingFunction} and {@code heldOutSampleAsr}, the same two measurements; null when no evaluation
 * images were given or the report was written before these figures existed.
 */
public record SubModelReport(int targetClass, double beta, double meanTestingFunction, double sampleAsr,
                             double mutualInformation, double diversity, boolean skipped, long steps,
                             Double heldOutTestingFunction, Double heldOutSampleAsr) {

    /** A report without held-out figures. */
    public SubModelReport(int targetClass, double beta, double meanTestingFunction, double sampleAsr,
                          double mutualInformation, double diversity, boolean skipped, long steps) {
        this(targetClass, beta, meanTestingFunction, sampleAsr, mutualInformation, diversity, skipped, steps, null,
                null);
    }
}
