package dev.mesa.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TriggerEmbeddingTest {
    @TempDir
    Path tmp;

    @Test
    void pcaOfPointsOnALineKeepsTheLineInTheFirstComponent() {
        double[] origin = {0.2, 0.5, 0.1, 0.9, 0.3};
        double[] direction = {0.3, -0.1, 0.4, 0.0, 0.2};
        double norm = Math.sqrt(0.09 + 0.01 + 0.16 + 0.04);
        double[] t = {-2, -0.5, 0, 0.7, 1.1, 3};
        double[][] points = new double[t.length][5];
        double meanT = java.util.Arrays.stream(t).average().orElseThrow();
        for (int i = 0; i < t.length; i++) {
            for (int j = 0; j < 5; j++) {
                points[i][j] = origin[j] + t[i] * direction[j];
            }
        }
        double[][] xy = TriggerEmbedding.pca(points);
        assertEquals(t.length, xy.length);
        double sign = Math.signum(xy[t.length - 1][0]);
        for (int i = 0; i < t.length; i++) {
            // first coordinate: signed distance along the line from the centroid
            assertEquals((t[i] - meanT) * norm, sign * xy[i][0], 1e-9, "point " + i);
            assertEquals(0.0, xy[i][1], 1e-9, "point " + i);
        }
    }

    @Test
    void pcaOfOneDimensionalPointsHasAZeroSecondCoordinate() {
        double[][] xy = TriggerEmbedding.pca(new double[][] {{1}, {2}, {4}});
        assertEquals(Math.abs(1 - 7 / 3.0), Math.abs(xy[0][0]), 1e-12);
        assertEquals(0.0, xy[2][1]);
    }

    static List<float[]> cloud(int n, float centre, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<float[]> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] p = new float[27];
            for (int j = 0; j < 27; j++) {
                p[j] = centre + (float) (r.nextDouble() * 0.1);
            }
            points.add(p);
        }
        return points;
    }

    @Test
    void writesTwoNonEmptyPngs() throws IOException {
        List<TriggerEmbedding.Group> groups = List.of(new TriggerEmbedding.Group("beta=0.5", cloud(20, 0.2f, 1)),
                new TriggerEmbedding.Group("beta=0.9", cloud(20, 0.7f, 2)),
                new TriggerEmbedding.Group("original", cloud(1, 0.5f, 3)),
                new TriggerEmbedding.Group("no baseline", List.of()));
        List<Path> files = TriggerEmbedding.writePlots(tmp.resolve("plots"), "c0", groups, 250);
        assertEquals(List.of(tmp.resolve("plots/c0-pca.png"), tmp.resolve("plots/c0-tsne.png")), files);
        for (Path f : files) {
            assertTrue(Files.size(f) > 1000, f + " has " + Files.size(f) + " bytes");
            BufferedImage image = ImageIO.read(f.toFile());
            assertEquals(640, image.getWidth());
            assertEquals(520, image.getHeight());
        }
    }

    @Test
    void threePointsAreEnoughAndFewerAreAnError() throws IOException {
        List<Path> files = TriggerEmbedding.writePlots(tmp, "three",
                List.of(new TriggerEmbedding.Group("a", cloud(3, 0.3f, 4))), 100);
        for (Path f : files) {
            assertTrue(Files.size(f) > 0);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TriggerEmbedding.writePlots(tmp,
                "two", List.of(new TriggerEmbedding.Group("a", cloud(1, 0.3f, 4)),
                        new TriggerEmbedding.Group("b", cloud(1, 0.6f, 5))), 100));
        assertTrue(e.getMessage().contains("three"), e.getMessage());
    }

    /**
     * The same points give the same t-SNE layout whatever the thread's random generator drew before (a worker writes
     * reports in whatever order the sweep finishes its triggers).
     */
    @Test
    void tsneOfTheSamePointsIsTheSameWhateverWasDrawnBefore() {
        double[][] points = new double[24][];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < points.length; i++) {
            points[i] = new double[] {random.nextDouble(), random.nextDouble(), random.nextDouble() + (i % 2)};
        }
        double[][] first = TriggerEmbedding.tsne(points, 250);
        smile.math.MathEx.setSeed(99);
        for (int i = 0; i < 1000; i++) {
            smile.math.MathEx.random();
        }
        double[][] second = TriggerEmbedding.tsne(points, 250);
        for (int i = 0; i < points.length; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(first[i], second[i], 0.0, "point " + i);
        }
    }
}
