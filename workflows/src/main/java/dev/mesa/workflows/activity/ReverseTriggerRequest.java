package dev.mesa.workflows.activity;

/**
 * Baseline: reverse one trigger for {@code targetClass} by optimising raw pixels (round {@code round} of the
 * independent restarts; the seed makes each round different and each reproducible).
 */
public record ReverseTriggerRequest(String modelKey, DatasetSpec dataset, int targetClass, int triggerSize,
                                    int round, long seed) {}
