package dev.mesa.activities;

import dev.mesa.data.DatasetLoader;
import dev.mesa.data.DatasetOutline;
import dev.mesa.data.DatasetSource;
import dev.mesa.data.DatasetSplits;
import dev.mesa.data.DefenseSplit;
import dev.mesa.data.ImageShape;
import dev.mesa.data.SyntheticDataset;
import dev.mesa.workflows.activity.DatasetSpec;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker's datasets: turns a request's {@link DatasetSpec} into loaded splits through one {@link DatasetLoader}
 * (so every activity of the worker shares them), and cuts the paper's defence/evaluation split of the test set
 * ({@link DefenseSplit#paper}: 80/20, 8,000/2,000 on CIFAR) with the spec's {@code splitSeed}. A CIFAR spec without
 * a path uses the copy the worker was configured with. A spec that {@code resize}s has every image resized to its
 * {@code imageSize} ({@link DatasetLoader#load(DatasetSource, int)}: Pillow's bilinear resize); otherwise images of
 * another size are refused. The first load of a dataset heartbeats while it runs ({@link LoadingHeartbeat}), so call
 * it from an activity.
 */
public final class DatasetCatalog {
    /** Seed of the synthetic datasets' patterns: fixed, so a synthetic spec always names the same images. */
    public static final long SYNTHETIC_SEED = 7;

    private final DatasetLoader loader;
    private final Map<String, String> configuredPaths;
    private final Map<DatasetSpec, DefenseSplit> splits = new ConcurrentHashMap<>();
    private final Set<DatasetSpec> loaded = ConcurrentHashMap.newKeySet();

    /** @param configuredPaths local copies by dataset kind ({@code cifar10}, {@code cifar100}), used when a spec has no path */
    public DatasetCatalog(DatasetLoader loader, Map<String, String> configuredPaths) {
        this.loader = loader;
        this.configuredPaths = Map.copyOf(configuredPaths);
    }

    /** Training and test splits of {@code spec} (defaults applied, validated). */
    public DatasetSplits splits(DatasetSpec spec) {
        DatasetSpec resolved = resolve(spec);
        DatasetSplits data;
        if (loaded.contains(resolved)) {
            data = load(resolved);
        } else {
            try (LoadingHeartbeat beat = LoadingHeartbeat.start()) {
                data = load(resolved);
            }
            loaded.add(resolved);
        }
        requireImageSize(resolved, data.shape());
        return data;
    }

    /**
     * The class count and image shape of {@code spec} without loading its images (see
     * {@link DatasetLoader#outline}); refuses images of another size than the spec's {@code imageSize}.
     */
    public DatasetOutline outline(DatasetSpec spec) {
        DatasetSpec resolved = resolve(spec);
        DatasetOutline outline = loader.outline(source(resolved));
        if (resolved.resizes()) {
            return new DatasetOutline(outline.classCount(), new ImageShape(outline.shape().channels(),
                    resolved.imageSize(), resolved.imageSize()));
        }
        requireImageSize(resolved, outline.shape());
        return outline;
    }

    private DatasetSplits load(DatasetSpec spec) {
        return spec.resizes() ? loader.load(source(spec), spec.imageSize()) : loader.load(source(spec));
    }

    /** The defence (trigger modelling, retraining) and evaluation parts of the test split. */
    public DefenseSplit defenseSplit(DatasetSpec spec) {
        DatasetSpec resolved = resolve(spec);
        return splits.computeIfAbsent(resolved, s -> DefenseSplit.paper(splits(s).test(), s.splitSeed()));
    }

    /** A short description for model-file provenance. */
    public String describe(DatasetSpec spec) {
        return source(resolve(spec)).describe();
    }

    private static void requireImageSize(DatasetSpec spec, ImageShape shape) {
        if (shape.height() != spec.imageSize() || shape.width() != spec.imageSize()) {
            throw new IllegalArgumentException("dataset " + spec.kind() + " has " + shape + " images but the"
                    + " request says imageSize " + spec.imageSize() + (shape.height() == shape.width()
                    ? ": set dataset.imageSize to " + shape.height() + ", or set dataset.resize to true"
                    : ": the images must be square, or set dataset.resize to true"));
        }
    }

    static DatasetSpec resolve(DatasetSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("dataset is required, e.g. {\"kind\": \"synthetic\"}");
        }
        return spec.withDefaults().validate();
    }

    private DatasetSource source(DatasetSpec spec) {
        DatasetSource.Kind kind = DatasetSource.Kind.parse(spec.kind());
        return switch (kind) {
            case SYNTHETIC -> DatasetSource.synthetic(new SyntheticDataset.Spec(spec.syntheticClasses(),
                    spec.syntheticTrainPerClass(), spec.syntheticTestPerClass(), spec.imageSize(), SYNTHETIC_SEED));
            case IMAGE_FOLDER -> DatasetSource.imageFolder(spec.path());
            default -> new DatasetSource(kind, spec.path() != null ? spec.path() : configuredPaths.get(spec.kind()), null);
        };
    }
}
