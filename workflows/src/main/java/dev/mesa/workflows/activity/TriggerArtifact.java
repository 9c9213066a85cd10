package dev.mesa.workflows.activity;

/**
 * A stored single trigger (the baseline's reversed trigger).
 *
 * @param key       artifact key of the pattern
 * @param sampleAsr its ASR on the defence split
 */
public record TriggerArtifact(String key, double sampleAsr) {}
