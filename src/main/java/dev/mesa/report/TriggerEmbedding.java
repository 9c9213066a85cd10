package dev.mesa.report;

import dev.mesa.checkpoint.FileWriteException;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import smile.manifold.TSNE;
import smile.math.MathEx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 2-D embeddings of trigger samples (the paper's Figures 3 and 5): PCA by SVD (commons-math) and t-SNE
 * (Smile), drawn as scatter plots (XChart) with one series per group (each β, the original trigger, the
 * baseline's reversed triggers).
 */
public final class TriggerEmbedding {
    /** A labelled point set. */
    public record Group(String name, List<float[]> points) {}

    private TriggerEmbedding() {}

    /** Projects all points onto their first two principal components. */
    public static double[][] pca(double[][] points) {
        int n = points.length;
        int d = points[0].length;
        double[] mean = new double[d];
        for (double[] p : points) {
            for (int j = 0; j < d; j++) {
                mean[j] += p[j] / n;
            }
        }
        double[][] centred = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centred[i][j] = points[i][j] - mean[j];
            }
        }
        RealMatrix x = new Array2DRowRealMatrix(centred, false);
        RealMatrix v = new SingularValueDecomposition(x).getV();
        int k = Math.min(2, v.getColumnDimension());
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += centred[i][j] * v.getEntry(j, c);
                }
                out[i][c] = s;
            }
        }
        return out;
    }

    /** The seed of t-SNE's random initial layout. */
    static final long TSNE_SEED = 20191208L;

    /**
     * t-SNE to two dimensions (perplexity capped for small sets). Smile draws the initial layout from its random
     * generator of the calling thread, whose state depends on everything that thread drew before; it is seeded here,
     * so the same points always give the same figure (the gradient passes run in parallel but row by row, which does
     * not change the result).
     */
    public static double[][] tsne(double[][] points, int iterations) {
        double perplexity = Math.max(2, Math.min(30, (points.length - 1) / 3.0));
        MathEx.setSeed(TSNE_SEED);
        return new TSNE(points, 2, perplexity, 200, iterations).coordinates;
    }

    /** Writes {@code <prefix>-pca.png} and {@code <prefix>-tsne.png}; returns the two paths. */
    public static List<Path> writePlots(Path directory, String prefix, List<Group> groups, int tsneIterations) {
        List<double[]> all = new ArrayList<>();
        Map<String, int[]> ranges = new LinkedHashMap<>();
        for (Group g : groups) {
            int from = all.size();
            for (float[] p : g.points()) {
                double[] d = new double[p.length];
                for (int j = 0; j < p.length; j++) {
                    d[j] = p[j];
                }
                all.add(d);
            }
            ranges.put(g.name(), new int[] {from, all.size()});
        }
        if (all.size() < 3) {
            throw new IllegalArgumentException("an embedding needs at least three points");
        }
        double[][] matrix = all.toArray(new double[0][]);
        Path pcaFile = directory.resolve(prefix + "-pca.png");
        Path tsneFile = directory.resolve(prefix + "-tsne.png");
        plot(pcaFile, "PCA of trigger samples", pca(matrix), ranges);
        plot(tsneFile, "t-SNE of trigger samples", tsne(matrix, tsneIterations), ranges);
        return List.of(pcaFile, tsneFile);
    }

    private static void plot(Path file, String title, double[][] xy, Map<String, int[]> ranges) {
        XYChart chart = new XYChartBuilder().width(640).height(520).title(title).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        for (Map.Entry<String, int[]> e : ranges.entrySet()) {
            int from = e.getValue()[0];
            int to = e.getValue()[1];
            if (to == from) {
                continue;
            }
            double[] x = new double[to - from];
            double[] y = new double[to - from];
            for (int i = from; i < to; i++) {
                x[i - from] = xy[i][0];
                y[i - from] = xy[i][1];
            }
            chart.addSeries(e.getKey(), x, y);
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new FileWriteException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
