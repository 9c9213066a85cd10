package dev.mesa.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Images in PyTorch's channels-last memory layout: the same logical {@code (N, C, H, W)} array, stored as
 * {@code (N, H, W, C)}. Convolutions, BatchNorm and max-pooling then run their channels-last CPU kernels and
 * keep that layout for their outputs, so one copy at the network's input moves the whole network over.
 */
final class ChannelsLast {
    /** {@code -Dmesa.channelsLast=false} keeps PyTorch's default layout (for comparisons and as an escape hatch). */
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("mesa.channelsLast"));

    private ChannelsLast() {}

    /** {@code images} (N, C, H, W), stored channels-last; differentiable; other ranks are returned as they are. */
    static NDArray of(NDArray images) {
        Shape s = images.getShape();
        if (s.dimension() != 4 || !ENABLED) {
            return images;
        }
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        // the permuted view cannot be flattened without a copy: reshape makes that copy in (N, H, W, C) order,
        // and the final transpose is a view with channels-last strides
        return images.transpose(0, 2, 3, 1).reshape(n, h * w * c).reshape(n, h, w, c).transpose(0, 3, 1, 2);
    }
}
