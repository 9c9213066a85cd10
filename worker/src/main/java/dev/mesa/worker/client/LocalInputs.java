package dev.mesa.worker.client;

import dev.mesa.activities.DatasetCatalog;
import dev.mesa.activities.InputDescribing;
import dev.mesa.checkpoint.CorruptArtifactException;
import dev.mesa.data.DatasetLoader;
import dev.mesa.data.InvalidDataException;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.DescribeInputsRequest;
import dev.mesa.workflows.activity.InputDescription;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The description of a run's inputs that the client can make itself, so {@code mesa run} refuses what the workers
 * would refuse before anything is submitted: the dataset when its class count needs no remote file (CIFAR and
 * synthetic kinds) or its image folder is a directory readable here, and the model when it is an absolute path to
 * a file readable here. Archives are left to the workers (the client extracts nothing) and so are artifact keys.
 */
final class LocalInputs {
    /** Outlines folders and fixed-count kinds only, so its cache directory is never written. */
    private static final InputDescribing DESCRIBING = new InputDescribing(new DatasetCatalog(DatasetLoader.offline(
            Path.of(System.getProperty("java.io.tmpdir"), "mesa-client-unused-cache")), Map.of()), Path::of);

    private LocalInputs() {}

    /**
     * The description of {@code dataset} (defaults filled) and, when it is readable here, of the model; empty when
     * the dataset is not readable here.
     */
    static Optional<InputDescription> describe(DatasetSpec dataset, String modelKey) {
        if (DatasetSpec.IMAGE_FOLDER.equals(dataset.kind()) && !Files.isDirectory(Path.of(dataset.path()))) {
            return Optional.empty();
        }
        boolean modelHere = modelKey != null && Path.of(modelKey).isAbsolute()
                && Files.isRegularFile(Path.of(modelKey));
        String readableModel = modelHere ? modelKey : null;
        try {
            return Optional.of(DESCRIBING.describe(new DescribeInputsRequest(dataset, readableModel)));
        } catch (InvalidDataException | CorruptArtifactException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
