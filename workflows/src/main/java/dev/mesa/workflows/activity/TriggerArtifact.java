package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A stored single trigger (the baseline's reversed trigger).
 *
 * @param key             artifact key of the pattern
 * @param sampleAsr       its ASR on the defence split
 * @param reused          true when the trigger was already stored
 * @param resumedFromStep the optimisation step this attempt continued from (its checkpoint), 0 for a fresh start
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TriggerArtifact(String key, double sampleAsr, boolean reused, long resumedFromStep) {}
