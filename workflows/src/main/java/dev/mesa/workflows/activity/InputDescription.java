package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a worker found in a run's dataset and model before any training: the facts a run's class count comes from.
 * The worker has already refused images that do not match the request's {@code imageSize} or the model's input;
 * the class counts are judged here ({@link #agreedClassCount}), in the workflow, so that a client that can read
 * the same files judges them the same way.
 *
 * @param dataset      the dataset as the worker identified it ({@code image-folder:/data/gtsrb}), for messages
 * @param classCount   its classes: an image folder's class folders, the count a CIFAR or synthetic kind fixes
 * @param model        the model's key or path, null when the run names none
 * @param modelOutputs the model's output width (its class count), null when the run names no model
 * @param modelArtifact the artifact key of the stored copy of the request's model file, which every later step of the
 *                      run names; null when the request names no model file (or when the client only checked it)
 * @param wideSlots     the units the describing worker runs side by side when it also gives a unit marked wide
 *                      ({@link UnitWidth}) every core: its slot count under the slots layout; null when it does not
 *                      widen units (the threads layout, a pinned thread count, a worker from before this field, the
 *                      client). Recorded in the history with the result, so a workflow's use of it replays exactly;
 *                      left out of the JSON when null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InputDescription(String dataset, int classCount, String model, Integer modelOutputs,
                               String modelArtifact,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Integer wideSlots) {
    public InputDescription(String dataset, int classCount, String model, Integer modelOutputs) {
        this(dataset, classCount, model, modelOutputs, null);
    }

    public InputDescription(String dataset, int classCount, String model, Integer modelOutputs,
                            String modelArtifact) {
        this(dataset, classCount, model, modelOutputs, modelArtifact, null);
    }

    /** This description with the describing worker's {@code wideSlots} (null: it does not widen units). */
    public InputDescription fromWorkerWidening(Integer slots) {
        return new InputDescription(dataset, classCount, model, modelOutputs, modelArtifact, slots);
    }

    /**
     * The class count of the run: the dataset's. Refuses a model with a different output width, and a declared
     * {@code numClasses} (null: none declared) that differs from either; each message names both numbers.
     */
    public int agreedClassCount(Integer declaredNumClasses) {
        if (modelOutputs != null && modelOutputs != classCount) {
            throw new IllegalArgumentException("the model " + model + " has " + modelOutputs + " outputs but the"
                    + " dataset " + dataset + " has " + classCount + " classes: a model is defended on the data it was"
                    + " trained on");
        }
        if (declaredNumClasses != null && declaredNumClasses != classCount) {
            throw new IllegalArgumentException("numClasses is " + declaredNumClasses + " but the dataset " + dataset
                    + " has " + classCount + " classes" + (modelOutputs != null ? " (and the model " + modelOutputs
                    + " outputs)" : "") + ": leave numClasses out or set it to " + classCount);
        }
        return classCount;
    }
}
