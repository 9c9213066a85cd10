package dev.mesa.model;

import ai.djl.ndarray.NDArray;

/**
 * A classifier's forward pass in inference mode (BatchNorm running statistics, no dropout), for loops that
 * run many batches through weights that do not change: {@link InferenceNetwork} for mesa's own
 * architectures, the module's plain evaluation-mode forward for a TorchScript network. Gradients reach the
 * images when they require one.
 */
public interface InferenceForward extends AutoCloseable {
    /** Logits {@code (B, classes)} for normalised images {@code (B, C, H, W)}; on the images' manager. */
    NDArray logits(NDArray images);

    /** Releases what the forward holds (nothing, unless it compiled a copy of the weights). */
    @Override
    default void close() { }
}
