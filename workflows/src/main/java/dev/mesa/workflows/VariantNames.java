package dev.mesa.workflows;

import dev.mesa.workflows.activity.ReverseTriggerRequest;

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

    /** {@code baseline-k0}: retrained with the trigger reversed in round {@code round} by mesa's protocol. */
    static String baseline(int round) {
        return "baseline-k" + round;
    }

    /**
     * The variant of baseline round {@code round} by {@code protocol}: {@link #baseline(int)} for mesa's,
     * {@code baseline-reference-k0} for the authors'.
     */
    static String baseline(String protocol, int round) {
        return ReverseTriggerRequest.MESA.equals(protocol) ? baseline(round) : "baseline-" + protocol + "-k" + round;
    }

    /** The method name of a baseline protocol's rounds in the sweep's table: {@code baseline}, {@code baseline reference}. */
    static String baselineMethod(String protocol) {
        return ReverseTriggerRequest.MESA.equals(protocol) ? "baseline" : "baseline " + protocol;
    }

    /** The protocol of a baseline variant ({@code baseline-reference-k0} → reference), null for other variants. */
    static String baselineProtocol(String variant) {
        if (variant.matches("baseline-k\\d+")) {
            return ReverseTriggerRequest.MESA;
        }
        var m = java.util.regex.Pattern.compile("baseline-(.+)-k\\d+").matcher(variant);
        return m.matches() ? m.group(1) : null;
    }

    /** {@code ensemble-reference-cycle}: retrained with an extra ensemble of the staircase, mixed by {@code mixing}. */
    static String extraEnsemble(String mixing) {
        return ENSEMBLE + "-" + mixing;
    }
}
