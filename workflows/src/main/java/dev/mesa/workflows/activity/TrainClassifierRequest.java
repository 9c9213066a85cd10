package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Train a clean classifier on {@code dataset}'s training split. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainClassifierRequest(DatasetSpec dataset, ClassifierSettings settings, long seed) {}
