package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A stored single trigger (the baseline's reversed trigger).
 *
 * @param key       artifact key of the pattern
 * @param sampleAsr its ASR on the defence split
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TriggerArtifact(String key, double sampleAsr) {}
