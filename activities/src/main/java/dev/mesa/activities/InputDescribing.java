package dev.mesa.activities;

import dev.mesa.data.DatasetOutline;
import dev.mesa.model.ModelFile;
import dev.mesa.model.ModelMetadata;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.DescribeInputsRequest;
import dev.mesa.workflows.activity.InputDescription;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * {@code describeInputs}: a run's dataset and model, described before any training. The dataset's class count and
 * image shape come from {@link DatasetCatalog#outline} (an image folder's class folders and one image, nothing
 * loaded); the model's output width and input shape from its file's header. Images of another size than the
 * request's {@code imageSize}, and a model made for other images, are refused here; the class counts are judged by
 * {@link InputDescription#agreedClassCount}. The worker runs it as an activity; {@code mesa run} runs it on the
 * files the client can read.
 */
public final class InputDescribing {
    static final String ACTIVITY = "DescribeInputs";
    private final DatasetCatalog datasets;
    private final Function<String, Path> modelFiles;

    /** @param modelFiles finds the model file of a request's {@code modelKey} */
    public InputDescribing(DatasetCatalog datasets, Function<String, Path> modelFiles) {
        this.datasets = datasets;
        this.modelFiles = modelFiles;
    }

    /** The worker's: datasets from its catalog, models from its store (or absolute paths). */
    static InputDescribing of(ActivityResources resources) {
        return new InputDescribing(resources.datasets(), key -> ModelFiles.locate(resources, "modelKey", key));
    }

    public InputDescription describe(DescribeInputsRequest request) {
        DatasetSpec spec = DatasetCatalog.resolve(request.dataset());
        DatasetOutline data = datasets.outline(spec);
        String dataset = datasets.describe(spec);
        if (request.modelKey() == null) {
            return new InputDescription(dataset, data.classCount(), null, null);
        }
        ModelMetadata model = ModelFile.metadata(ModelFiles.requireModelFile("modelKey", request.modelKey(),
                modelFiles.apply(request.modelKey())));
        if (!model.spec().inputShape().equals(data.shape())) {
            throw new IllegalArgumentException("the model " + request.modelKey() + " expects "
                    + model.spec().inputShape() + " images but the dataset " + dataset + " has " + data.shape());
        }
        return new InputDescription(dataset, data.classCount(), request.modelKey(), model.spec().numClasses());
    }
}
