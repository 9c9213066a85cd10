package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * Apply the detection rule to the per-class detection generators: a class is attacked when its sample ASR
 * reaches {@code asrThreshold} and its anomaly index reaches {@code madThreshold}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DetectTargetsRequest(List<GeneratorArtifact> generators, double asrThreshold, double madThreshold,
                                   long seed) {}
