package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * Result of the detection rule.
 *
 * @param attackedClasses the flagged classes, ascending; empty when no class is attacked
 * @param perClass        one score per candidate class, in candidate order
 * @param continuing      after a detection scan: the classes whose search continues to the full budget, ascending;
 *                        null for the rule over final generators
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DetectionOutcome(List<Integer> attackedClasses, List<ClassScore> perClass, List<Integer> continuing) {
    /** The outcome of the rule over final generators. */
    public DetectionOutcome(List<Integer> attackedClasses, List<ClassScore> perClass) {
        this(attackedClasses, perClass, null);
    }
}
