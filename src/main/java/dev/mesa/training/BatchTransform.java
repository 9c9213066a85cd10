package dev.mesa.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.SplittableRandom;

/** Changes a training batch before the forward pass (poisoning, stamping sampled triggers). */
public interface BatchTransform {
    BatchTransform NONE = (manager, images, labels, random, epoch) -> images;

    /**
     * Returns the images to train on, on {@code manager}; may rewrite {@code labels} in place.
     * All draws come from {@code random}, which is keyed by (seed, epoch, step).
     */
    NDArray apply(NDManager manager, NDArray images, int[] labels, SplittableRandom random, int epoch);
}
