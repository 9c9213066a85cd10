package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The ASR of triggers sampled from a class's generators ({@link SampledTriggers}): the fraction of evaluation images
 * of other classes that the model sends to {@code targetClass} once stamped with a fresh sample.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SampledTriggerAsr(int targetClass, double attackSuccessRate) {}
