package dev.mesa.data;

/**
 * Resizes 8-bit images exactly as Pillow's {@code Image.resize((w, h), Image.BILINEAR)} does, which is
 * what torchvision's {@code Resize((h, w))} does to a PIL image: a triangle filter whose support grows with
 * the reduction factor (so shrinking averages every source pixel, with no aliasing), applied along rows
 * first, then along columns, in 22-bit fixed point with the intermediate rows rounded to 8 bits. The image
 * is stretched to the target size (no crop, no aspect-ratio padding).
 */
final class ImageResizer {
    private static final int PRECISION_BITS = 32 - 8 - 2;

    private ImageResizer() {}

    /**
     * The channel-major image at {@code source[offset..]} ({@code channels x height x width}) resized to
     * {@code targetHeight x targetWidth}, written channel-major into {@code target} at {@code targetOffset}.
     */
    static void resize(byte[] source, int offset, int channels, int height, int width, byte[] target, int targetOffset,
                       int targetHeight, int targetWidth) {
        Weights horizontal = Weights.of(width, targetWidth);
        Weights vertical = Weights.of(height, targetHeight);
        // only the source rows the vertical pass reads are resampled horizontally
        int firstRow = vertical.first[0];
        int lastRow = vertical.first[targetHeight - 1] + vertical.count[targetHeight - 1];
        int rows = lastRow - firstRow;
        byte[] rowPass = new byte[rows * targetWidth];
        for (int c = 0; c < channels; c++) {
            int plane = offset + c * height * width;
            for (int y = 0; y < rows; y++) {
                int row = plane + (y + firstRow) * width;
                for (int x = 0; x < targetWidth; x++) {
                    rowPass[y * targetWidth + x] = horizontal.apply(x, source, row, 1);
                }
            }
            int out = targetOffset + c * targetHeight * targetWidth;
            for (int y = 0; y < targetHeight; y++) {
                for (int x = 0; x < targetWidth; x++) {
                    target[out + y * targetWidth + x] = vertical.apply(y, rowPass, x - firstRow * targetWidth, targetWidth);
                }
            }
        }
    }

    /** Per output position: the first source index, how many follow, and their fixed-point weights. */
    private record Weights(int[] first, int[] count, int[] weights, int kernelSize) {
        static Weights of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // the triangle filter's support is 1
            int kernelSize = (int) Math.ceil(support) * 2 + 1;
            int[] first = new int[outSize];
            int[] count = new int[outSize];
            int[] weights = new int[outSize * kernelSize];
            double[] k = new double[kernelSize];
            for (int o = 0; o < outSize; o++) {
                double center = (o + 0.5) * scale;
                int min = Math.max(0, (int) (center - support + 0.5));
                int max = Math.min(inSize, (int) (center + support + 0.5)) - min;
                double sum = 0;
                for (int i = 0; i < max; i++) {
                    k[i] = triangle((i + min - center + 0.5) / filterScale);
                    sum += k[i];
                }
                for (int i = 0; i < max; i++) {
                    double w = sum == 0 ? k[i] : k[i] / sum;
                    weights[o * kernelSize + i] = (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS)
                            : 0.5 + w * (1 << PRECISION_BITS));
                }
                first[o] = min;
                count[o] = max;
            }
            return new Weights(first, count, weights, kernelSize);
        }

        /** Output {@code o} from {@code data[base + (first + i) * stride]}, rounded and clamped to 8 bits. */
        byte apply(int o, byte[] data, int base, int stride) {
            int sum = 1 << (PRECISION_BITS - 1);
            int w = o * kernelSize;
            for (int i = 0; i < count[o]; i++) {
                sum += (data[base + (first[o] + i) * stride] & 0xFF) * weights[w + i];
            }
            return (byte) Math.max(0, Math.min(255, sum >> PRECISION_BITS));
        }

        private static double triangle(double x) {
            double a = Math.abs(x);
            return a < 1 ? 1 - a : 0;
        }
    }
}
