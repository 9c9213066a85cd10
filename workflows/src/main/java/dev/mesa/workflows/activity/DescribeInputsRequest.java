package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Describe a run's dataset and, when given, its model, before any training: see {@link InputDescription}.
 *
 * @param dataset  the run's dataset (defaults filled in)
 * @param modelKey the model the run starts from (artifact key or absolute path), null when the run trains its own
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DescribeInputsRequest(DatasetSpec dataset, String modelKey) {}
