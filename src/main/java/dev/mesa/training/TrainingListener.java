package dev.mesa.training;

import java.nio.file.Path;

/**
 * Observes a training loop. Later layers wire it to heartbeats and metrics; the core never depends on
 * them. {@link #stopRequested()} lets a caller stop a loop at a step boundary (a checkpoint is written
 * first, then {@link TrainingStoppedException} is thrown).
 */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() { };

    default void onProgress(TrainingProgress progress) { }

    default void onEpochEnd(String loop, int epoch, TrainingProgress progress) { }

    default void onCheckpoint(String loop, Path checkpoint, long globalStep) { }

    /** Called once when a loop continues from a checkpoint instead of step 0. */
    default void onResume(String loop, Path checkpoint, long globalStep) { }

    /**
     * Called when the loop found a checkpoint it cannot use (truncated, altered, of another configuration) and
     * moved it aside to {@code movedTo} (null if another process moved it first); the loop starts over.
     */
    default void onCheckpointDiscarded(String loop, Path movedTo, String problem) { }

    default boolean stopRequested() {
        return false;
    }
}
