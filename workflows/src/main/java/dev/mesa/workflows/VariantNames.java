package dev.mesa.workflows;

import java.math.BigDecimal;

/** Names of the evaluated models in results and reports. */
public final class VariantNames {
    /** The model as it came in (the attacked model in a sweep). */
    public static final String BEFORE = "before";
    /** Retrained with the mixture of all non-skipped generators. */
    static final String ENSEMBLE = "ensemble";
    /** Retrained with the attack's own trigger. */
    static final String IDEAL = "ideal";

    private VariantNames() {}

    /** {@code beta=0.9}: retrained with the generators of one staircase level. */
    static String beta(double beta) {
        return "beta=" + BigDecimal.valueOf(beta).stripTrailingZeros().toPlainString();
    }

    /** {@code baseline-k0}: retrained with the trigger reversed in round {@code round}. */
    static String baseline(int round) {
        return "baseline-k" + round;
    }
}
