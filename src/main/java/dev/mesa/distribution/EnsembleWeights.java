package dev.mesa.distribution;

import java.util.List;

/**
 * Mixture weights γ for the staircase ensemble. {@link #uniform}: γ_i = 1/N (the paper's practical choice).
 * {@link #entropyWeighted}: Algorithm 1's γ_i ∝ e^{h(G_i)} / g'(g^{-1}(β_i)) with h estimated by MINE;
 * mesa assumes g linear (F proportional to the trigger density f), so g' is constant and γ_i ∝ e^{Î_i}.
 * Skipped sub-models get weight 0.
 */
public final class EnsembleWeights {
    private EnsembleWeights() {}

    public static double[] uniform(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        return w;
    }

    /** γ_i ∝ exp(MI_i) over the non-skipped reports (max-shifted for stability). */
    public static double[] entropyWeighted(List<SubModelReport> reports) {
        double max = Double.NEGATIVE_INFINITY;
        for (SubModelReport r : reports) {
            if (!r.skipped()) {
                max = Math.max(max, r.mutualInformation());
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("every sub-model was skipped: no ensemble can be formed");
        }
        double[] w = new double[reports.size()];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            SubModelReport r = reports.get(i);
            w[i] = r.skipped() ? 0 : Math.exp(r.mutualInformation() - max);
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
