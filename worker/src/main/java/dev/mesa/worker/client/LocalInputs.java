package dev.mesa.worker.client;

import ai.djl.Device;
import dev.mesa.activities.DatasetCatalog;
import dev.mesa.activities.InputDescribing;
import dev.mesa.checkpoint.CorruptArtifactException;
import dev.mesa.data.DatasetLoader;
import dev.mesa.data.InvalidDataException;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.DescribeInputsRequest;
import dev.mesa.workflows.activity.InputDescription;
import dev.mesa.workflows.activity.ModelSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The description of a run's inputs that the client can make itself, so {@code mesa run} refuses what the workers
 * would refuse before anything is submitted: the dataset when its class count needs no remote file (CIFAR and
 * synthetic kinds) or its image folder is a directory readable here, and the model when it is an absolute path to
 * a file readable here: a {@code .mesa-model} by its header, a user's model file ({@link ModelSpec}) loaded and
 * probed on the CPU as a worker would (nothing is stored). Archives are left to the workers (the client extracts
 * nothing) and so are artifact keys.
 */
final class LocalInputs {
    /** Outlines folders and fixed-count kinds only, so its cache directory is never written. */
    private static final InputDescribing DESCRIBING = new InputDescribing(new DatasetCatalog(DatasetLoader.offline(
            Path.of(System.getProperty("java.io.tmpdir"), "mesa-client-unused-cache")), Map.of()), Path::of, Device.cpu());

    private LocalInputs() {}

    /**
     * The description of {@code dataset} (defaults filled) and, when it is readable here, of the model; empty when
     * the dataset is not readable here.
     */
    static Optional<InputDescription> describe(DatasetSpec dataset, String modelKey, ModelSpec model) {
        if (DatasetSpec.IMAGE_FOLDER.equals(dataset.kind()) && !Files.isDirectory(Path.of(dataset.path()))) {
            return Optional.empty();
        }
        String readableModel = readableHere(modelKey) ? modelKey : null;
        ModelSpec readableFile = model != null && readableHere(model.path()) ? model : null;
        try {
            return Optional.of(DESCRIBING.describe(new DescribeInputsRequest(dataset, readableModel, readableFile)));
        } catch (InvalidDataException | CorruptArtifactException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static boolean readableHere(String path) {
        return path != null && Path.of(path).isAbsolute() && Files.isRegularFile(Path.of(path));
    }
}
