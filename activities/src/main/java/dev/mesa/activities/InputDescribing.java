package dev.mesa.activities;

import ai.djl.Device;
import dev.mesa.data.DatasetOutline;
import dev.mesa.data.ImageShape;
import dev.mesa.model.ModelFile;
import dev.mesa.model.ModelMetadata;
import dev.mesa.workflows.activity.ActivityNames;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.DescribeInputsRequest;
import dev.mesa.workflows.activity.InputDescription;
import dev.mesa.workflows.activity.ModelSpec;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * {@code describeInputs}: a run's dataset and model, described before any training. The dataset's class count and
 * image shape come from {@link DatasetCatalog#outline} (an image folder's class folders and one image, nothing
 * loaded); a model's output width and input shape from its file's header, or, for a user's model file
 * ({@link ModelSpec}), from {@link ModelFileImport}, which checks the file (a bad model fails here with an
 * {@code InvalidModelException}) and, on a worker, stores it. Images of another size than the request's
 * {@code imageSize}, and a model made for other images, are refused here; the class counts are judged by
 * {@link InputDescription#agreedClassCount}. The worker runs it as an activity; {@code mesa run} runs it on the
 * files the client can read, storing nothing.
 */
public final class InputDescribing {
    static final String ACTIVITY = ActivityNames.DESCRIBE_INPUTS;
    private final DatasetCatalog datasets;
    private final Function<String, Path> modelFiles;
    private final Function<ModelSpec, ModelFileImport.Imported> modelFileImport;

    /**
     * A describer that checks model files without storing them (the client's).
     *
     * @param modelFiles finds the model file of a request's {@code modelKey}
     * @param device     where model files are loaded to be checked
     */
    public InputDescribing(DatasetCatalog datasets, Function<String, Path> modelFiles, Device device) {
        this(datasets, modelFiles, spec -> ModelFileImport.check(spec, device));
    }

    private InputDescribing(DatasetCatalog datasets, Function<String, Path> modelFiles,
                            Function<ModelSpec, ModelFileImport.Imported> modelFileImport) {
        this.datasets = datasets;
        this.modelFiles = modelFiles;
        this.modelFileImport = modelFileImport;
    }

    /** The worker's: datasets from its catalog, models from its store (or absolute paths), model files imported. */
    static InputDescribing of(ActivityResources resources) {
        return new InputDescribing(resources.datasets(), key -> ModelFiles.locate(resources, "modelKey", key),
                spec -> ModelFileImport.into(resources, spec));
    }

    public InputDescription describe(DescribeInputsRequest request) {
        DatasetSpec spec = DatasetCatalog.resolve(request.dataset());
        DatasetOutline data = datasets.outline(spec);
        String dataset = datasets.describe(spec);
        if (request.modelKey() != null && request.model() != null) {
            throw new IllegalArgumentException("give modelKey or model, not both");
        }
        if (request.model() != null) {
            ModelSpec model = request.model().validate();
            ModelFileImport.Imported imported = modelFileImport.apply(model);
            requireShape(model.path(), new ImageShape(ModelSpec.CHANNELS, model.inputSize(), model.inputSize()), data,
                    dataset);
            return new InputDescription(dataset, data.classCount(), model.path(), imported.outputs(), imported.key());
        }
        if (request.modelKey() == null) {
            return new InputDescription(dataset, data.classCount(), null, null);
        }
        ModelMetadata model = ModelFile.metadata(ModelFiles.requireModelFile("modelKey", request.modelKey(),
                modelFiles.apply(request.modelKey())));
        requireShape(request.modelKey(), model.spec().inputShape(), data, dataset);
        return new InputDescription(dataset, data.classCount(), request.modelKey(), model.spec().numClasses());
    }

    private static void requireShape(String model, ImageShape expected, DatasetOutline data, String dataset) {
        if (!expected.equals(data.shape())) {
            throw new IllegalArgumentException("the model " + model + " expects " + expected + " images but the dataset "
                    + dataset + " has " + data.shape());
        }
    }
}
