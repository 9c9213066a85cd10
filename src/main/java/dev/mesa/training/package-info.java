/**
 * Training loops: the resumable, exact, memory-flat {@link dev.mesa.training.TrainingLoop}, optimizers whose
 * state mesa owns, learning-rate schedules, the classifier trainer used for clean training, backdoor
 * injection and retraining, and the listener interface later layers wire to heartbeats and metrics.
 */
package dev.mesa.training;
