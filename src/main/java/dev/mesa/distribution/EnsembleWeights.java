package dev.mesa.distribution;

import java.util.List;

/**
 * Mixture weights γ for the staircase ensemble. {@link #uniform}: γ_i = 1/N (the paper's practical choice).
 * {@link #entropyWeighted}: Algorithm 1's γ_i ∝ e^{h(G_i)} / g'(g^{-1}(β_i)) with h estimated by MINE;
 * mesa assumes g linear (F proportional to the trigger density f), so g' is constant and γ_i ∝ e^{Î_i}.
 * Skipped sub-models get weight 0 when weighted by their reports.
 */
public final class EnsembleWeights {
    private EnsembleWeights() {}

    public static double[] uniform(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        return w;
    }

    /** γ_i ∝ exp(MI_i) over the non-skipped reports (max-shifted for stability); skipped reports weigh 0. */
    public static double[] entropyWeighted(List<SubModelReport> reports) {
        if (reports.stream().allMatch(SubModelReport::skipped)) {
            throw new IllegalArgumentException("every sub-model was skipped: no ensemble can be formed");
        }
        double[] mi = reports.stream().mapToDouble(r -> r.skipped() ? Double.NEGATIVE_INFINITY : r.mutualInformation())
                .toArray();
        return entropyWeighted(mi);
    }

    /** γ_i ∝ exp(MI_i) (max-shifted for stability); an entry of −∞ weighs 0. */
    public static double[] entropyWeighted(double[] mutualInformation) {
        double max = Double.NEGATIVE_INFINITY;
        for (double mi : mutualInformation) {
            if (Double.isNaN(mi)) {
                throw new IllegalArgumentException("a sub-model's mutual information is NaN: no weight can be given");
            }
            max = Math.max(max, mi);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("no sub-model has a weight: no ensemble can be formed");
        }
        double[] w = new double[mutualInformation.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp(mutualInformation[i] - max);
            sum += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }

    static double[] cumulative(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0)) {
                throw new IllegalArgumentException("mixture weights must be >= 0");
            }
            sum += w;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("mixture weights must not all be zero");
        }
        double[] c = new double[weights.length];
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i] / sum;
            c[i] = acc;
        }
        c[c.length - 1] = 1.0;
        return c;
    }
}
