package dev.mesa.workflows.activity;

import java.util.List;

/**
 * Result of the detection rule.
 *
 * @param attackedClasses the flagged classes, ascending; empty when no class is attacked
 * @param perClass        one score per candidate class, in candidate order
 */
public record DetectionOutcome(List<Integer> attackedClasses, List<ClassScore> perClass) {}
