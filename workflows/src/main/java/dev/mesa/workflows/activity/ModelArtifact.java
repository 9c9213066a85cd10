package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A stored classifier.
 *
 * @param key             artifact key, relative to the artifact store
 * @param cleanAccuracy   accuracy on the evaluation split, in [0, 1]
 * @param reused          true when the activity found the artifact already stored and computed nothing
 * @param resumedFromStep the training step this attempt continued from (its checkpoint); 0 when it started afresh
 *                        or reused a stored artifact
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelArtifact(String key, double cleanAccuracy, boolean reused, long resumedFromStep) {}
