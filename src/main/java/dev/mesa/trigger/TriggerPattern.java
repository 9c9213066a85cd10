package dev.mesa.trigger;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/**
 * A trigger: {@code channels × height × width} pixel intensities in [0, 1], channel-major. {@code name}
 * identifies it in reports ({@code bw-170}, {@code color-3}, {@code reversed-k0}).
 */
public record TriggerPattern(String name, int channels, int height, int width, float[] values) {
    public TriggerPattern {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("trigger " + name + ": size must be positive, got "
                    + channels + "x" + height + "x" + width);
        }
        if (values.length != channels * height * width) {
            throw new IllegalArgumentException("trigger " + name + ": " + values.length + " values for a "
                    + channels + "x" + height + "x" + width + " trigger");
        }
        for (float v : values) {
            if (!(v >= 0f && v <= 1f)) {
                throw new IllegalArgumentException("trigger " + name + ": values must be in [0, 1], found " + v);
            }
        }
        values = values.clone();
    }

    /**
     * The black-white square trigger with pattern id {@code id}: bit {@code size²-1-k} of the id is pixel
     * {@code k} in row-major order (most significant bit = top-left), 1 = white, same value in every channel.
     */
    public static TriggerPattern blackWhite(int id, int size, int channels) {
        int bits = size * size;
        if (bits > 30 || id < 0 || id >= (1 << bits)) {
            throw new IllegalArgumentException("black-white trigger id " + id + " does not fit a " + size + "x" + size
                    + " pattern (ids are 0.." + ((1L << bits) - 1) + ")");
        }
        float[] v = new float[channels * bits];
        for (int k = 0; k < bits; k++) {
            float value = (id >> (bits - 1 - k) & 1) == 1 ? 1f : 0f;
            for (int c = 0; c < channels; c++) {
                v[c * bits + k] = value;
            }
        }
        return new TriggerPattern("bw-" + id, channels, size, size, v);
    }

    /** The trigger as a {@code (1, C, h, w)} array. */
    public NDArray toNDArray(NDManager manager) {
        return manager.create(values, new Shape(1, channels, height, width));
    }

    public float value(int channel, int row, int column) {
        return values[(channel * height + row) * width + column];
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TriggerPattern t && name.equals(t.name) && channels == t.channels
                && height == t.height && width == t.width && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "TriggerPattern[" + name + ", " + channels + "x" + height + "x" + width + "]";
    }
}
