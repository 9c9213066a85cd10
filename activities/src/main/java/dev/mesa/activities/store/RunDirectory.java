package dev.mesa.activities.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesa.checkpoint.CorruptArtifactException;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The directory of one activity run: {@code <store>/<key>/}. Its files are the run's outputs and, while it runs,
 * its training checkpoint ({@link #CHECKPOINT}), which a retry resumes from. {@link #complete()} is true once
 * {@link #finish} wrote the manifest; the checkpoint is then deleted.
 */
public final class RunDirectory {
    public static final String CHECKPOINT = "checkpoint.mesa-checkpoint";
    private static final ObjectMapper MAPPER = JacksonJsonPayloadConverter.newDefaultObjectMapper();

    private final String key;
    private final Path path;
    private final String activity;
    private final RequestFingerprint request;

    RunDirectory(String key, Path path, String activity, RequestFingerprint request) {
        this.key = key;
        this.path = path;
        this.activity = activity;
        this.request = request;
    }

    public String key() {
        return key;
    }

    public Path path() {
        return path;
    }

    /** A file of this run (the name is fixed by the activity, never user input). */
    public Path file(String name) {
        return path.resolve(name);
    }

    /** The key of a file of this run, for results and heartbeats. */
    public String fileKey(String name) {
        return key + "/" + name;
    }

    public Path checkpoint() {
        return file(CHECKPOINT);
    }

    /** Whether this run finished for exactly this request (a manifest with the same request hash). */
    public boolean complete() {
        return Files.isRegularFile(file(Manifest.FILE_NAME)) && manifest().requestSha256().equals(request.sha256());
    }

    /** The stored result of a complete run. */
    public <T> T result(Class<T> type) {
        try {
            return MAPPER.treeToValue(manifest().result(), type);
        } catch (IOException e) {
            throw new CorruptArtifactException(file(Manifest.FILE_NAME), "stored result is not a " + type.getSimpleName()
                    + ": " + e.getMessage() + " (delete the run directory to recompute it)", e);
        }
    }

    private Manifest manifest() {
        Path file = file(Manifest.FILE_NAME);
        try {
            Manifest manifest = MAPPER.readValue(file.toFile(), Manifest.class);
            if (manifest.formatVersion() != Manifest.FORMAT_VERSION || manifest.result() == null
                    || manifest.requestSha256() == null) {
                throw new CorruptArtifactException(file, "unsupported or incomplete manifest (format "
                        + manifest.formatVersion() + "): delete the run directory to recompute it");
            }
            return manifest;
        } catch (IOException e) {
            throw new CorruptArtifactException(file, "malformed manifest: " + e.getMessage()
                    + " (delete the run directory to recompute it)", e);
        }
    }

    /** Records {@code result} as this run's outcome (atomically, last) and removes the checkpoint. */
    public <T> T finish(T result) {
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, key, activity, request.sha256(), request.canonical(),
                MAPPER.valueToTree(result), Instant.now().toString());
        try {
            AtomicFiles.writeString(file(Manifest.FILE_NAME), MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(manifest));
            Files.deleteIfExists(checkpoint());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish run " + key + ": " + e.getMessage(), e);
        }
        return result;
    }
}
