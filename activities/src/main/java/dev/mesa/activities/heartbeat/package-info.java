/**
 * Heartbeats of the long activities: {@link dev.mesa.activities.heartbeat.HeartbeatingListener} adapts a core
 * {@link dev.mesa.training.TrainingListener} to Temporal, heartbeating {@link dev.mesa.activities.heartbeat.HeartbeatDetails}
 * (the checkpoint reference and the step) at most every few seconds and after every checkpoint, and turning a
 * cancellation into a stop request so the loop checkpoints and stops at a step boundary.
 */
package dev.mesa.activities.heartbeat;
