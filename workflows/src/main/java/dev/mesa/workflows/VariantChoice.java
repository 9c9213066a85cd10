package dev.mesa.workflows;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The repaired model a defence recommends, and why (docs/ALGORITHM.md, "Defence": choice): with the original trigger known,
 * the variant with the lowest after-defence ASR (ties: higher clean accuracy, then the earlier variant);
 * otherwise the ensemble, or the only β variant when there is no ensemble.
 */
record VariantChoice(String variant, String modelKey, String reason) {
    static VariantChoice choose(List<VariantEvaluation> evaluations, boolean originalTriggerKnown) {
        List<VariantEvaluation> repaired = evaluations.stream()
                .filter(e -> !e.variant().equals(VariantNames.BEFORE)).toList();
        if (repaired.isEmpty()) {
            return new VariantChoice(null, null,
                    "every generator was skipped (no β reached its level): no trigger distribution to retrain with");
        }
        if (originalTriggerKnown && repaired.stream().allMatch(e -> e.attackSuccessRate() != null)) {
            VariantEvaluation best = repaired.stream()
                    .min(Comparator.comparingDouble(VariantEvaluation::attackSuccessRate)
                            .thenComparing(Comparator.comparingDouble(VariantEvaluation::cleanAccuracy).reversed()))
                    .orElseThrow();
            Optional<VariantEvaluation> before = evaluations.stream()
                    .filter(e -> e.variant().equals(VariantNames.BEFORE)).findFirst();
            String was = before.map(b -> ", before: " + percent(b.attackSuccessRate())).orElse("");
            return new VariantChoice(best.variant(), best.modelKey(), "lowest after-defence ASR of the original trigger: "
                    + percent(best.attackSuccessRate()) + was + "; clean accuracy " + percent(best.cleanAccuracy()));
        }
        VariantEvaluation pick = repaired.stream().filter(e -> e.variant().equals(VariantNames.ENSEMBLE)).findFirst()
                .orElse(repaired.get(0));
        String what = pick.variant().equals(VariantNames.ENSEMBLE)
                ? "the mixture of all non-skipped generators" : "the only usable staircase level";
        return new VariantChoice(pick.variant(), pick.modelKey(),
                "original trigger unknown: " + what + " (" + pick.variant() + ")");
    }

    /** No choice (yet): nothing was repaired, or the run has not got that far. */
    static VariantChoice none(String reason) {
        return new VariantChoice(null, null, reason);
    }

    static String percent(Double fraction) {
        return fraction == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }
}
