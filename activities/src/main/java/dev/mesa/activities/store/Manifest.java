package dev.mesa.activities.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * {@code manifest.json} of a run directory, written last: its presence means every other file of the run is
 * complete. It records what was asked (the canonical request and its hash), what came out (the activity's result
 * record as JSON) and the SHA-256 of every file the run produced, so a repeated request is answered from it without
 * recomputing, and a file damaged since is noticed before it is used.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param key           the run's artifact key
 * @param activity      the activity type that produced it
 * @param requestSha256 SHA-256 of the canonical request
 * @param request       the canonical request
 * @param result        the activity's result record
 * @param completedAt   ISO-8601 instant the run completed
 * @param files         file name → SHA-256 of each file of the run (besides this manifest, the stored request and
 *                      the checkpoint); absent in manifests written before it existed, whose files are then checked
 *                      only by their own checksums when read. Added without a format change, so workers that do
 *                      not know it still read the manifest
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(int formatVersion, String key, String activity, String requestSha256, JsonNode request,
                       JsonNode result, String completedAt, Map<String, String> files) {
    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";
}
