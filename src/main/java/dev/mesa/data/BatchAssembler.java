package dev.mesa.data;

import java.util.SplittableRandom;

/**
 * Turns dataset indices into a normalised {@link HostBatch}, applying augmentation with draws from a
 * seeded stream. Normalisation uses a per-channel lookup table of the 256 byte values.
 */
public final class BatchAssembler {
    private final ImageDataset dataset;
    private final float[][] lookup;
    private final float[] paddingValue;

    public BatchAssembler(ImageDataset dataset, Normalization normalization) {
        if (normalization.channels() != dataset.shape().channels()) {
            throw new IllegalArgumentException("normalisation has " + normalization.channels()
                    + " channels but " + dataset.name() + " images have " + dataset.shape().channels());
        }
        this.dataset = dataset;
        int channels = normalization.channels();
        this.lookup = new float[channels][256];
        this.paddingValue = new float[channels];
        for (int c = 0; c < channels; c++) {
            for (int v = 0; v < 256; v++) {
                lookup[c][v] = normalization.apply(c, v);
            }
            paddingValue[c] = normalization.apply(c, 0);
        }
    }

    public ImageDataset dataset() {
        return dataset;
    }

    /** The images at {@code indices}, augmented with draws from {@code random} (unused for {@link Augmentation#NONE}). */
    public HostBatch assemble(int[] indices, Augmentation augmentation, SplittableRandom random) {
        ImageShape shape = dataset.shape();
        int values = shape.values();
        float[] out = new float[indices.length * values];
        int[] labels = new int[indices.length];
        byte[] pixels = dataset.pixelData();
        for (int i = 0; i < indices.length; i++) {
            labels[i] = dataset.label(indices[i]);
            int src = indices[i] * values;
            if (augmentation.isIdentity()) {
                copyNormalised(pixels, src, out, i * values, shape);
            } else {
                int p = augmentation.padding();
                int dy = random.nextInt(2 * p + 1) - p;
                int dx = random.nextInt(2 * p + 1) - p;
                boolean flip = augmentation.horizontalFlip() && random.nextBoolean();
                copyAugmented(pixels, src, out, i * values, shape, dy, dx, flip);
            }
        }
        return new HostBatch(out, labels, shape);
    }

    private void copyNormalised(byte[] pixels, int src, float[] out, int dst, ImageShape shape) {
        int plane = shape.pixels();
        for (int c = 0; c < shape.channels(); c++) {
            float[] table = lookup[c];
            int s = src + c * plane;
            int d = dst + c * plane;
            for (int p = 0; p < plane; p++) {
                out[d + p] = table[pixels[s + p] & 0xFF];
            }
        }
    }

    /** out(y, x) = padded(y + dy, flip ? W-1-x : x) + dx), zero pixels outside the image. */
    private void copyAugmented(byte[] pixels, int src, float[] out, int dst, ImageShape shape,
                               int dy, int dx, boolean flip) {
        int height = shape.height();
        int width = shape.width();
        int plane = shape.pixels();
        for (int c = 0; c < shape.channels(); c++) {
            float[] table = lookup[c];
            float pad = paddingValue[c];
            for (int y = 0; y < height; y++) {
                int sy = y + dy;
                int d = dst + c * plane + y * width;
                if (sy < 0 || sy >= height) {
                    java.util.Arrays.fill(out, d, d + width, pad);
                    continue;
                }
                int s = src + c * plane + sy * width;
                for (int x = 0; x < width; x++) {
                    int sx = (flip ? width - 1 - x : x) + dx;
                    out[d + x] = sx < 0 || sx >= width ? pad : table[pixels[s + sx] & 0xFF];
                }
            }
        }
    }
}
