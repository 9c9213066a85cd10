package dev.mesa.activities.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code manifest.json} of a run directory, written last: its presence means every other file of the run is
 * complete. It records what was asked (the canonical request and its hash) and what came out (the activity's
 * result record as JSON), so a repeated request is answered from it without recomputing.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param key           the run's artifact key
 * @param activity      the activity type that produced it
 * @param requestSha256 SHA-256 of the canonical request
 * @param request       the canonical request
 * @param result        the activity's result record
 * @param completedAt   ISO-8601 instant the run completed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(int formatVersion, String key, String activity, String requestSha256, JsonNode request,
                       JsonNode result, String completedAt) {
    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";
}
