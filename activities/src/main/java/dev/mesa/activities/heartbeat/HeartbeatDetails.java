package dev.mesa.activities.heartbeat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a long activity heartbeats: where its latest checkpoint is and how far it got. A retry reads it back with
 * {@code getHeartbeatDetails} and logs where it resumes; the checkpoint itself lives in the run directory.
 *
 * @param checkpoint artifact key of the latest checkpoint, null before the first one
 * @param globalStep steps done
 * @param totalSteps steps planned
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HeartbeatDetails(String checkpoint, long globalStep, long totalSteps) {}
