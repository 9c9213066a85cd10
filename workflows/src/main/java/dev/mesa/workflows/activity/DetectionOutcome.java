package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * Result of the detection rule.
 *
 * @param attackedClasses the flagged classes, ascending; empty when no class is attacked
 * @param perClass        one score per candidate class, in candidate order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DetectionOutcome(List<Integer> attackedClasses, List<ClassScore> perClass) {}
