package dev.mesa.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mesa.checkpoint.SectionFile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One trainable thing for {@link TrainingLoop}: its steps, its losses and its durable state. Every random
 * draw of a step must come from streams keyed by (seed, epoch, step) so that a resumed run repeats exactly.
 */
public interface TrainingTask {
    /** A name for logs, metrics and errors ("clean-training", "mesa c=0 beta=0.9"). */
    String name();

    int stepsPerEpoch();

    /** Images processed per step (for throughput). */
    int imagesPerStep();

    /** Names of the values {@link #step} returns, in order; the first is the one checked for NaN. */
    List<String> lossNames();

    /**
     * Runs one optimisation step; returns a {@code (k)} float array of losses on {@code stepManager}
     * (read to the host only every few steps).
     */
    NDArray step(NDManager stepManager, int epoch, int stepInEpoch, long globalStep);

    /** Fingerprint of everything that must match for a checkpoint to be resumable (config, data, seed). */
    String fingerprint();

    /**
     * Fingerprints this task's checkpoints had under an earlier format, still accepted (an upgraded worker resumes
     * the checkpoints an older one wrote); none by default.
     */
    default List<String> formerFingerprints() {
        return List.of();
    }

    /** State sections (parameters, optimizer state) for a checkpoint. */
    Map<String, byte[]> saveState();

    /** Restores sections written by {@link #saveState()}. */
    void restoreState(SectionFile checkpoint, Path file);

    /** Called after the last step of every epoch. */
    default void onEpochEnd(int epoch) { }
}
