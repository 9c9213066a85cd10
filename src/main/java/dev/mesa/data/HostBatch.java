package dev.mesa.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** A normalised image batch and its labels, assembled on the host, ready to copy to a device. */
public record HostBatch(float[] images, int[] labels, ImageShape shape) {
    public int size() {
        return labels.length;
    }

    /** The images as a {@code (B, C, H, W)} float array on {@code manager}. */
    public NDArray imagesOn(NDManager manager) {
        return manager.create(images, new Shape(size(), shape.channels(), shape.height(), shape.width()));
    }

    /** The labels as an int64 {@code (B)} array on {@code manager}. */
    public NDArray labelsOn(NDManager manager) {
        long[] l = new long[labels.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels[i];
        }
        return manager.create(l);
    }
}
