package dev.mesa.trigger;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.SplittableRandom;

/** Where the triggers stamped during poisoning or retraining come from: a fixed pattern or a generator. */
public interface TriggerSource {
    /**
     * {@code count} triggers, {@code (count, C, h, w)} (or {@code (1, C, h, w)} when all are the same),
     * intensities in [0, 1], on {@code manager}. {@code epoch} lets a source change with the epoch (cycling
     * ensembles).
     */
    NDArray sample(NDManager manager, int count, SplittableRandom random, int epoch);

    int channels();

    int height();

    int width();

    /** A name for reports. */
    String describe();
}
