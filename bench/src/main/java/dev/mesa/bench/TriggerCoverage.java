package dev.mesa.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.mesa.distribution.GeneratorFile;
import dev.mesa.distribution.TriggerGeneratorModel;
import dev.mesa.random.Seeds;
import dev.mesa.training.GradMode;
import dev.mesa.trigger.TriggerPattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Does a sub-model's trigger distribution cover the original trigger? For each generator: the L2 distance
 * (in pixel space, 27 values in [0, 1]) from the original trigger to its nearest sample, against the typical
 * distance from a sample to its nearest other sample, and the share of samples within a radius of it.
 */
@Command(name = "TriggerCoverage", mixinStandardHelpOptions = true)
public final class TriggerCoverage implements Callable<Integer> {
    @Parameters(description = "generator files") List<Path> generators;
    @Option(names = "--trigger", required = true) int trigger;
    @Option(names = "--samples") int samples = 2000;
    @Option(names = "--radius") double radius = 1.0;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TriggerCoverage()).execute(args));
    }

    @Override
    public Integer call() {
        GradMode.disableOnThisThread();
        float[] original = TriggerPattern.blackWhite(trigger, 3, 3).values();
        System.out.printf("trigger %d, %d samples per generator, radius %.2f%n", trigger, samples, radius);
        System.out.println("generator | nearest sample to the original | median sample-to-nearest-sample | share within radius");
        for (Path file : generators) {
            try (TriggerGeneratorModel g = GeneratorFile.load(file, Device.cpu()); NDManager m = NDManager.newBaseManager()) {
                float[] flat = g.sample(m, samples, Seeds.stream(1, "coverage")).toFloatArray();
                int d = original.length;
                double nearest = Double.MAX_VALUE;
                int within = 0;
                double[] nn = new double[samples];
                Arrays.fill(nn, Double.MAX_VALUE);
                for (int i = 0; i < samples; i++) {
                    double toOriginal = distance(flat, i * d, original, 0, d);
                    nearest = Math.min(nearest, toOriginal);
                    if (toOriginal <= radius) {
                        within++;
                    }
                    for (int j = i + 1; j < samples; j++) {
                        double dij = distance(flat, i * d, flat, j * d, d);
                        nn[i] = Math.min(nn[i], dij);
                        nn[j] = Math.min(nn[j], dij);
                    }
                }
                Arrays.sort(nn);
                System.out.printf("%s | %.3f | %.3f | %.4f%n", file.getFileName(), nearest, nn[samples / 2],
                        (double) within / samples);
            }
        }
        return 0;
    }

    private static double distance(float[] a, int ai, float[] b, int bi, int d) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            double x = a[ai + k] - b[bi + k];
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
