package dev.mesa.workflows.activity;

/** Train a clean classifier on {@code dataset}'s training split. */
public record TrainClassifierRequest(DatasetSpec dataset, ClassifierSettings settings, long seed) {}
