package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A written report.
 *
 * @param key          artifact key of the report directory
 * @param markdownPath absolute path of the Markdown rendering on the worker's artifact store
 * @param jsonPath     absolute path of the JSON rendering
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportArtifact(String key, String markdownPath, String jsonPath) {}
