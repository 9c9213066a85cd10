package dev.mesa.workflows;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One row of the sweep's headline table: a method's after-defence ASR over the triggers (the paper's Table).
 *
 * @param method            {@code attacked}, {@code mesa beta=0.9}, {@code mesa ensemble}, {@code mesa chosen},
 *                          {@code baseline} (all rounds), {@code ideal}
 * @param measurements      how many evaluations the row aggregates
 * @param meanAsr           mean ASR of the original triggers
 * @param worstAsr          highest ASR
 * @param meanCleanAccuracy mean clean accuracy
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MethodSummary(String method, int measurements, double meanAsr, double worstAsr, double meanCleanAccuracy) {}
