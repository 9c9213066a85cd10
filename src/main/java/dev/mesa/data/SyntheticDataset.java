package dev.mesa.data;

import dev.mesa.random.Seeds;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic, learnable image dataset for tests and demos: every class has its own colour and
 * stripe pattern; each image is its class pattern, randomly shifted, plus pixel noise. A tiny CNN learns it
 * in a few epochs, and a 3×3 trigger can be implanted in it like in CIFAR.
 */
public final class SyntheticDataset {
    /** Shape and size of a synthetic dataset. */
    public record Spec(int classes, int trainPerClass, int testPerClass, int imageSize, long seed) {
        public Spec {
            if (classes < 2 || trainPerClass < 1 || testPerClass < 1 || imageSize < 4) {
                throw new IllegalArgumentException("synthetic dataset needs >= 2 classes, >= 1 image per class"
                        + " per split and images of at least 4x4, got " + this);
            }
        }

        /** Ten classes of 16×16 images: small enough for unit tests. */
        public static Spec tiny() {
            return new Spec(10, 100, 50, 16, 7);
        }
    }

    private SyntheticDataset() {}

    /** The shape of every image of {@code spec}: RGB squares of its image size. */
    public static ImageShape shape(Spec spec) {
        return new ImageShape(3, spec.imageSize(), spec.imageSize());
    }

    public static DatasetSplits generate(Spec spec) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < spec.classes(); c++) {
            names.add("synthetic" + c);
        }
        float[][] patterns = new float[spec.classes()][];
        for (int c = 0; c < spec.classes(); c++) {
            patterns[c] = pattern(spec, c);
        }
        ImageDataset train = split(spec, "train", spec.trainPerClass(), names, patterns);
        ImageDataset test = split(spec, "test", spec.testPerClass(), names, patterns);
        return DatasetSplits.of(train, test);
    }

    /** A class pattern: a colour plus an oriented stripe of class-specific frequency, values in [0, 255]. */
    private static float[] pattern(Spec spec, int c) {
        SplittableRandom r = Seeds.stream(spec.seed(), "synthetic-pattern", c);
        int s = spec.imageSize();
        float[] p = new float[3 * s * s];
        double angle = Math.PI * c / spec.classes() + r.nextDouble() * 0.2;
        double freq = 2 * Math.PI * (1 + c % 3) / s;
        double[] colour = {40 + 175 * r.nextDouble(), 40 + 175 * r.nextDouble(), 40 + 175 * r.nextDouble()};
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    double stripe = Math.sin(freq * (x * Math.cos(angle) + y * Math.sin(angle)));
                    p[(ch * s + y) * s + x] = (float) (colour[ch] + 50 * stripe * (ch == c % 3 ? 1.0 : 0.5));
                }
            }
        }
        return p;
    }

    private static ImageDataset split(Spec spec, String split, int perClass, List<String> names, float[][] patterns) {
        int s = spec.imageSize();
        int n = perClass * spec.classes();
        byte[] pixels = new byte[n * 3 * s * s];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % spec.classes();
            labels[i] = c;
            SplittableRandom r = Seeds.stream(spec.seed(), "synthetic-" + split, i);
            int dx = r.nextInt(5) - 2;
            int dy = r.nextInt(5) - 2;
            for (int ch = 0; ch < 3; ch++) {
                for (int y = 0; y < s; y++) {
                    for (int x = 0; x < s; x++) {
                        int sx = Math.floorMod(x + dx, s);
                        int sy = Math.floorMod(y + dy, s);
                        double v = patterns[c][(ch * s + sy) * s + sx] + 25 * Seeds.gaussian(r);
                        pixels[((i * 3 + ch) * s + y) * s + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                    }
                }
            }
        }
        return new ImageDataset("synthetic/" + split, shape(spec), pixels, labels, names);
    }
}
