package dev.mesa.activities;

import dev.mesa.activities.store.RunDirectory;
import dev.mesa.data.DatasetSplits;
import dev.mesa.data.ImageDataset;
import dev.mesa.evaluation.ClassifierEvaluator;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.ModelArtifact;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds and loads the model a request names, checked against the request's dataset; stores a trained one. */
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

    /**
     * The end of a training activity that produces a model: measures {@code classifier}'s clean accuracy on
     * {@code evaluation}, saves it as the run's {@link #MODEL} (described by the dataset and {@code provenance}) and
     * finishes the run with the artifact.
     */
    static ModelArtifact finish(ActivityResources resources, RunDirectory run, Classifier classifier,
                                ImageDataset evaluation, DatasetSpec dataset, String provenance, long resumedFromStep) {
        double accuracy = new ClassifierEvaluator(resources.cadence().evaluationBatchSize())
                .accuracy(classifier, evaluation).accuracy();
        ModelFile.save(run.file(MODEL), classifier, resources.datasets().describe(dataset), provenance);
        return run.finish(new ModelArtifact(run.key(), accuracy, false, resumedFromStep));
    }
}
