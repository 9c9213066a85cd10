package dev.mesa.defense;

import java.util.List;

/**
 * Which classes of a detection scan are still open and continue to the full budget: those whose sample ASR reaches
 * {@code continueAsr}, or whose anomaly index among the scanned classes reaches {@code continueAnomaly} (a class that
 * stands out, even at a low ASR). Pure arithmetic on the scan's detection table.
 */
public record ContinuationRule(double continueAsr, double continueAnomaly) {
    public ContinuationRule {
        if (!(continueAsr > 0 && continueAsr <= 1)) {
            throw new IllegalArgumentException("the scan's continuation ASR must be in (0, 1], got " + continueAsr);
        }
        if (!(continueAnomaly > 0) || Double.isInfinite(continueAnomaly)) {
            throw new IllegalArgumentException("the scan's continuation anomaly index must be positive, got "
                    + continueAnomaly);
        }
    }

    /** Provisional: continue at 10% sample ASR (a fifth of the rule's 50%) or at the rule's own anomaly cut-off, 2. */
    public static ContinuationRule provisional() {
        return new ContinuationRule(0.10, 2.0);
    }

    /** This rule, refused if it could stop a class that {@code rule} would flag (continuation ASR above its threshold). */
    public ContinuationRule requireCompatible(DetectionRule rule) {
        if (continueAsr > rule.asrThreshold()) {
            throw new IllegalArgumentException("the scan's continuation ASR (" + continueAsr + ") must not exceed the"
                    + " detection rule's ASR threshold (" + rule.asrThreshold() + "): a stopped class could be flagged"
                    + " on its scan alone");
        }
        return this;
    }

    /** Whether a class whose scan gave {@code row} continues to the full budget. */
    public boolean continues(DetectionResult.ClassDecision row) {
        return row.sampleAsr() >= continueAsr || row.anomalyIndex() >= continueAnomaly;
    }

    /** The classes of a scan's detection table that continue, in table order. */
    public List<Integer> continuing(DetectionResult scanTable) {
        return scanTable.perClass().stream().filter(this::continues).map(DetectionResult.ClassDecision::targetClass)
                .toList();
    }
}
