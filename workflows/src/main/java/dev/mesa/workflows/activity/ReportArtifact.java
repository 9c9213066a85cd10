package dev.mesa.workflows.activity;

/**
 * A written report.
 *
 * @param key          artifact key of the report directory
 * @param markdownPath absolute path of the Markdown rendering on the worker's artifact store
 * @param jsonPath     absolute path of the JSON rendering
 */
public record ReportArtifact(String key, String markdownPath, String jsonPath) {}
