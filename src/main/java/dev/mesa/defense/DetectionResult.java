package dev.mesa.defense;

import java.util.List;

/** The per-class detection table and the classes judged attacked (possibly several, possibly none). */
public record DetectionResult(List<ClassDecision> perClass, List<Integer> attackedClasses, double medianAsr, double mad) {
    /** One row of the table. */
    public record ClassDecision(int targetClass, double sampleAsr, double anomalyIndex, boolean flagged) {}
}
