package dev.mesa.bench;

import dev.mesa.data.DatasetLoader;
import dev.mesa.data.DatasetSource;
import dev.mesa.data.DatasetSplits;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The real-data options every benchmark shares (a picocli mixin): where CIFAR-10 is, where it is extracted. */
final class CifarOptions {
    @Option(names = "--dataset", description = "CIFAR-10 image folder or .tar.gz (default: ${DEFAULT-VALUE})")
    Path dataset = Path.of("../shared/data/cifar10-jpg.tar.gz");

    @Option(names = "--cache", description = "cache directory for extracted data (default: ${DEFAULT-VALUE})")
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "mesa");

    /** Loads the dataset offline (extracting an archive into the cache once). */
    DatasetSplits load() {
        return DatasetLoader.offline(cache).load(DatasetSource.imageFolder(dataset.toString()));
    }
}
