package dev.mesa.training;

import java.nio.file.Path;
import java.util.List;

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

    /**
     * One listener that passes every event to each of {@code listeners}, in the order given, and asks the loop to stop
     * when any of them does.
     */
    static TrainingListener compose(TrainingListener... listeners) {
        List<TrainingListener> all = List.of(listeners);
        return new TrainingListener() {
            @Override
            public void onProgress(TrainingProgress progress) {
                all.forEach(l -> l.onProgress(progress));
            }

            @Override
            public void onEpochEnd(String loop, int epoch, TrainingProgress progress) {
                all.forEach(l -> l.onEpochEnd(loop, epoch, progress));
            }

            @Override
            public void onCheckpoint(String loop, Path checkpoint, long globalStep) {
                all.forEach(l -> l.onCheckpoint(loop, checkpoint, globalStep));
            }

            @Override
            public void onResume(String loop, Path checkpoint, long globalStep) {
                all.forEach(l -> l.onResume(loop, checkpoint, globalStep));
            }

            @Override
            public void onCheckpointDiscarded(String loop, Path movedTo, String problem) {
                all.forEach(l -> l.onCheckpointDiscarded(loop, movedTo, problem));
            }

            @Override
            public boolean stopRequested() {
                return all.stream().anyMatch(TrainingListener::stopRequested);
            }
        };
    }
}
