package dev.mesa.activities.report;

import dev.mesa.report.TriggerEmbedding;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The point groups of a trigger-distribution figure, drawn into a run directory as PCA and t-SNE PNGs. */
public final class FigureGroups {
    public static final String PREFIX = "triggers";
    private static final int TSNE_ITERATIONS = 500;
    private final List<TriggerEmbedding.Group> groups = new ArrayList<>();

    public void add(String name, List<float[]> points) {
        groups.add(new TriggerEmbedding.Group(name, List.copyOf(points)));
    }

    /** Draws {@code triggers-pca.png} and {@code triggers-tsne.png} into {@code directory}; returns their names. */
    public List<String> draw(Path directory) {
        try {
            Path scratch = Files.createTempDirectory(directory, ".figures-");
            try {
                List<String> names = new ArrayList<>();
                for (Path drawn : TriggerEmbedding.writePlots(scratch, PREFIX, groups, TSNE_ITERATIONS)) {
                    Path target = directory.resolve(drawn.getFileName());
                    Files.move(drawn, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    names.add(target.getFileName().toString());
                }
                return names;
            } finally {
                try (var left = Files.list(scratch)) {
                    for (Path p : left.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                Files.deleteIfExists(scratch);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot draw the trigger figure in " + directory, e);
        }
    }
}
