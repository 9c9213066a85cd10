package dev.mesa.activities.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code request.json} of a run directory, written when the run starts: which activity makes the run and from what
 * (the canonical request), so that a damaged artifact can be recomputed by whoever finds it, even after its manifest
 * was lost. Its hash is checked against the run key before it is used.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param key           the run's artifact key
 * @param activity      the activity type that produces the run
 * @param requestSha256 SHA-256 of {@code request}
 * @param request       the canonical request
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoredRequest(int formatVersion, String key, String activity, String requestSha256, JsonNode request) {
    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "request.json";
}
