package dev.mesa.data;

import dev.mesa.random.Seeds;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchAssemblerTest {
    static final ImageShape SHAPE = new ImageShape(3, 4, 5);
    static final Normalization NORM = new Normalization(new float[] {0.5f, 0.25f, 0.75f}, new float[] {0.2f, 0.5f, 0.1f});

    static ImageDataset randomImages(int n, long seed) {
        SplittableRandom r = Seeds.stream(seed, "test-images");
        byte[] pixels = new byte[n * SHAPE.values()];
        int[] labels = new int[n];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) r.nextInt(256);
        }
        for (int i = 0; i < n; i++) {
            labels[i] = (i * 7) % 3;
        }
        return new ImageDataset("random", SHAPE, pixels, labels, List.of("a", "b", "c"));
    }

    /** Hand normalisation: (v / 255 − mean) / std. */
    static float normalised(int c, int v) {
        return (v / 255f - NORM.mean()[c]) / NORM.std()[c];
    }

    @Test
    void normalisesEveryValueWithTheChannelStatistics() {
        ImageDataset data = randomImages(3, 1);
        HostBatch batch = new BatchAssembler(data, NORM).assemble(new int[] {2, 0}, Augmentation.NONE, null);
        assertArrayEquals(new int[] {data.label(2), data.label(0)}, batch.labels());
        assertEquals(2 * SHAPE.values(), batch.images().length);
        int[] source = {2, 0};
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 5; x++) {
                        float expected = normalised(c, data.pixel(source[b], c, y, x));
                        float actual = batch.images()[((b * 3 + c) * 4 + y) * 5 + x];
                        assertEquals(expected, actual, 1e-6f, "b=" + b + " c=" + c + " y=" + y + " x=" + x);
                    }
                }
            }
        }
        assertEquals(-2.5f, NORM.apply(0, 0), 1e-6f);
        assertEquals(2.5f, NORM.apply(2, 255), 1e-5f);
    }

    /**
     * torchvision's RandomCrop(padding=p) then RandomHorizontalFlip, by hand: pad with black, crop at
     * (oy, ox), mirror the columns if {@code flip}.
     */
    static float[] handAugmented(ImageDataset data, int index, int p, int oy, int ox, boolean flip) {
        int h = SHAPE.height();
        int w = SHAPE.width();
        float[] out = new float[SHAPE.values()];
        for (int c = 0; c < 3; c++) {
            float[][] padded = new float[h + 2 * p][w + 2 * p];
            for (float[] row : padded) {
                Arrays.fill(row, normalised(c, 0));
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    padded[y + p][x + p] = normalised(c, data.pixel(index, c, y, x));
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int cx = flip ? w - 1 - x : x;
                    out[(c * h + y) * w + x] = padded[y + oy][cx + ox];
                }
            }
        }
        return out;
    }

    private static String matchingCandidate(ImageDataset data, int index, int p, boolean flips, float[] actual) {
        String found = null;
        for (int oy = 0; oy <= 2 * p; oy++) {
            for (int ox = 0; ox <= 2 * p; ox++) {
                for (boolean flip : flips ? new boolean[] {false, true} : new boolean[] {false}) {
                    float[] expected = handAugmented(data, index, p, oy, ox, flip);
                    boolean same = true;
                    for (int i = 0; i < expected.length && same; i++) {
                        same = Math.abs(expected[i] - actual[i]) < 1e-5f;
                    }
                    if (same) {
                        assertEquals(null, found, "ambiguous test image");
                        found = oy + "," + ox + "," + flip;
                    }
                }
            }
        }
        return found;
    }

    @Test
    void cropAndFlipMatchTheHandComputationAndCoverEveryOffset() {
        ImageDataset data = randomImages(4, 2);
        BatchAssembler assembler = new BatchAssembler(data, NORM);
        Augmentation aug = new Augmentation(1, true);
        Set<String> seen = new HashSet<>();
        SplittableRandom random = Seeds.stream(5, "augment");
        for (int round = 0; round < 100; round++) {
            int[] idx = {round % 4, (round + 1) % 4};
            HostBatch batch = assembler.assemble(idx, aug, random);
            for (int b = 0; b < 2; b++) {
                float[] actual = Arrays.copyOfRange(batch.images(), b * SHAPE.values(), (b + 1) * SHAPE.values());
                String candidate = matchingCandidate(data, idx[b], 1, true, actual);
                assertTrue(candidate != null, "round " + round + " image " + b + " is no crop/flip of its source");
                seen.add(candidate);
            }
        }
        assertEquals(18, seen.size(), "all 9 offsets x 2 flips should occur: " + seen);
    }

    @Test
    void cropWithoutFlipNeverMirrors() {
        ImageDataset data = randomImages(2, 3);
        BatchAssembler assembler = new BatchAssembler(data, NORM);
        Set<String> seen = new HashSet<>();
        SplittableRandom random = Seeds.stream(6, "augment");
        for (int round = 0; round < 150; round++) {
            float[] actual = assembler.assemble(new int[] {1}, new Augmentation(2, false), random).images();
            String candidate = matchingCandidate(data, 1, 2, false, actual);
            assertTrue(candidate != null, "round " + round);
            seen.add(candidate);
        }
        assertEquals(25, seen.size());
    }

    @Test
    void sameStreamSameBatch() {
        ImageDataset data = randomImages(8, 4);
        BatchAssembler assembler = new BatchAssembler(data, NORM);
        int[] idx = {7, 1, 3, 3, 0};
        float[] a = assembler.assemble(idx, Augmentation.CIFAR, Seeds.stream(1, "b", 3)).images();
        float[] b = assembler.assemble(idx, Augmentation.CIFAR, Seeds.stream(1, "b", 3)).images();
        float[] c = assembler.assemble(idx, Augmentation.CIFAR, Seeds.stream(1, "b", 4)).images();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void normalisationMustMatchTheChannels() {
        Normalization gray = new Normalization(new float[] {0.5f}, new float[] {0.5f});
        assertThrows(IllegalArgumentException.class, () -> new BatchAssembler(randomImages(1, 1), gray));
    }
}
