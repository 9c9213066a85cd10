package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Describe a run's dataset and, when given, its model, before any training: see {@link InputDescription}.
 *
 * @param dataset  the run's dataset (defaults filled in)
 * @param modelKey the model the run starts from (artifact key or absolute path), null when it trains its own or
 *                 names a model file
 * @param model    the user's own model file the run starts from, null when it names none: the activity checks it,
 *                 imports it into the artifact store and reports the stored copy's key
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DescribeInputsRequest(DatasetSpec dataset, String modelKey, ModelSpec model) {
    public DescribeInputsRequest(DatasetSpec dataset, String modelKey) {
        this(dataset, modelKey, null);
    }
}
