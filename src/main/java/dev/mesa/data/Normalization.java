package dev.mesa.data;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation (of pixel values in [0, 1]) applied at batch time:
 * {@code (x - mean) / std}.
 */
public record Normalization(float[] mean, float[] std) {
    public Normalization {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and std need one value per channel");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Exact per-channel statistics of a dataset's pixels. */
    public static Normalization of(ImageDataset dataset) {
        int c = dataset.shape().channels();
        int pixels = dataset.shape().pixels();
        double[] sum = new double[c];
        double[] sumSq = new double[c];
        byte[] data = dataset.pixelData();
        for (int i = 0; i < dataset.size(); i++) {
            int base = i * c * pixels;
            for (int ch = 0; ch < c; ch++) {
                long s = 0;
                long sq = 0;
                int off = base + ch * pixels;
                for (int p = 0; p < pixels; p++) {
                    int v = data[off + p] & 0xFF;
                    s += v;
                    sq += (long) v * v;
                }
                sum[ch] += s;
                sumSq[ch] += sq;
            }
        }
        double n = (double) dataset.size() * pixels;
        float[] mean = new float[c];
        float[] std = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / n / 255.0;
            double var = sumSq[ch] / n / (255.0 * 255.0) - m * m;
            mean[ch] = (float) m;
            std[ch] = (float) Math.sqrt(Math.max(var, 1e-12));
        }
        return new Normalization(mean, std);
    }

    public int channels() {
        return mean.length;
    }

    /** Normalised value of a raw pixel byte in channel {@code ch}. */
    public float apply(int ch, int pixelByte) {
        return ((pixelByte & 0xFF) / 255f - mean[ch]) / std[ch];
    }

    /** Normalised value of a pixel intensity in [0, 1] in channel {@code ch}. */
    public float applyUnit(int ch, float value) {
        return (value - mean[ch]) / std[ch];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
