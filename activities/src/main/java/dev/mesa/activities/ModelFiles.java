package dev.mesa.activities;

import dev.mesa.data.DatasetSplits;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds and loads the model a request names, checked against the request's dataset. */
final class ModelFiles {
    /** File name of the model in a run directory. */
    static final String MODEL = "model.mesa-model";

    private ModelFiles() {}

    /** The model file of a key (its run directory's {@link #MODEL}) or of an explicit absolute path. */
    static Path locate(ActivityResources resources, String field, String keyOrPath) {
        Path found = resources.store().resolveInput(field, keyOrPath, true);
        return Files.isDirectory(found) ? found.resolve(MODEL) : found;
    }

    /**
     * Loads a copy of the model on the worker's device; it must fit the dataset's images and classes. A stored model
     * that is damaged is recomputed first ({@link InputArtifacts}).
     */
    static Classifier load(ActivityResources resources, String field, String keyOrPath, DatasetSplits data) {
        return InputArtifacts.read(resources, field, keyOrPath, true, found -> {
            Path file = requireModelFile(field, keyOrPath, Files.isDirectory(found) ? found.resolve(MODEL) : found);
            return ModelFile.load(file, resources.device(), data.shape(), data.train().classNames());
        });
    }

    /** {@code file}, located for {@code keyOrPath}, if it exists; refuses a key that names no model. */
    static Path requireModelFile(String field, String keyOrPath, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(field + " '" + keyOrPath + "' has no " + MODEL + ": it is not a model");
        }
        return file;
    }
}
