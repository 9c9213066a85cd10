package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Baseline: reverse one trigger for {@code targetClass} by optimising raw pixels (round {@code round} of the
 * independent restarts; the seed makes each round different and each reproducible).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReverseTriggerRequest(String modelKey, DatasetSpec dataset, int targetClass, int triggerSize,
                                    int round, long seed) {}
