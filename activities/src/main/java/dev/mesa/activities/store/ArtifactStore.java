package dev.mesa.activities.store;

import dev.mesa.checkpoint.FileWriteException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The artifact store: a root directory of run directories. A run's key is {@code <kind>/<label>-<hash>}, e.g.
 * {@code models/attacked/bw-170-t0-3f9c0a1b2c3d4e5f}: the kind and label make the tree browsable, the hash of the
 * request's content makes the key unique and stable, so a resubmitted request finds its finished run. Keys that
 * come from requests are validated and resolved without leaving the root (symbolic links included).
 */
public final class ArtifactStore {
    private final Path root;
    private final StoreEvents events;

    public ArtifactStore(Path root) {
        this(root, StoreEvents.NONE);
    }

    /** {@code events} hears of every file moved aside because it failed its checks. */
    public ArtifactStore(Path root, StoreEvents events) {
        this.events = events;
        try {
            Files.createDirectories(root);
            this.root = root.toAbsolutePath().normalize().toRealPath();
        } catch (IOException e) {
            throw new FileWriteException("cannot use artifact store " + root + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    /**
     * The run directory for {@code request} (created if absent). {@code ignoredFields} are top-level request fields
     * that label results but do not change them.
     */
    public RunDirectory run(String kind, String label, String activity, Object request, Set<String> ignoredFields) {
        RequestFingerprint fingerprint = RequestFingerprint.of(request, ignoredFields);
        return open(key(kind, label, fingerprint), activity, fingerprint);
    }

    /** The key {@link #run} gives {@code request}, without touching a store. */
    public static String keyFor(String kind, String label, Object request, Set<String> ignoredFields) {
        return key(kind, label, RequestFingerprint.of(request, ignoredFields));
    }

    private static String key(String kind, String label, RequestFingerprint fingerprint) {
        return kind + "/" + ArtifactKeys.slug(label) + "-" + fingerprint.shortHash();
    }

    /** Whether a run directory (or any artifact) exists at the valid key {@code key}; creates nothing. */
    public boolean holds(String key) {
        return Files.isDirectory(inside("key", ArtifactKeys.requireValid("key", key)));
    }

    /** A run directory at a key chosen by the caller (reports, keyed by their workflow id). */
    public RunDirectory runAt(String key, String activity, Object request) {
        ArtifactKeys.requireValid("key", key);
        return open(key, activity, RequestFingerprint.of(request, Set.of()));
    }

    /**
     * The file or directory an input names: a valid key of an existing artifact inside the store, or, for model
     * files only, an absolute path to an existing regular file outside it.
     */
    public Path resolveInput(String field, String keyOrPath, boolean absoluteFileAllowed) {
        if (keyOrPath != null && Path.of(keyOrPath).isAbsolute()) {
            Path file = Path.of(keyOrPath).normalize();
            if (!absoluteFileAllowed || !Files.isRegularFile(file)) {
                throw new IllegalArgumentException(field + " '" + keyOrPath + "': an absolute path is accepted only for"
                        + " an existing model file" + (absoluteFileAllowed ? " and none is there" : ""));
            }
            return file;
        }
        Path resolved = inside(field, ArtifactKeys.requireValid(field, keyOrPath));
        if (!Files.exists(resolved)) {
            throw new IllegalArgumentException(field + " '" + keyOrPath + "' names no artifact in the store " + root
                    + ": run the step that produces it first, or check the key");
        }
        return resolved;
    }

    /**
     * The run that made the artifact at {@code key} (a valid key of an existing directory), from the request stored
     * in it; empty when the directory was not made by an activity (an uploaded model, say).
     */
    public Optional<RunDirectory> existingRun(String field, String key) {
        Path dir = inside(field, ArtifactKeys.requireValid(field, key));
        return Files.isDirectory(dir) ? Optional.ofNullable(RunDirectory.fromStoredRequest(key, dir, events))
                : Optional.empty();
    }

    private RunDirectory open(String key, String activity, RequestFingerprint fingerprint) {
        Path dir = inside("key", key);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new FileWriteException("cannot create run directory " + dir + ": " + e.getMessage(), e);
        }
        RunDirectory run = new RunDirectory(key, dir, activity, fingerprint, events);
        run.storeRequest();
        return run;
    }

    /** {@code root/key}, refusing a key whose existing part is a symbolic link leading outside the root. */
    private Path inside(String field, String key) {
        Path resolved = root.resolve(key).normalize();
        Path existing = resolved;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            if (!resolved.startsWith(root) || existing == null || !existing.toRealPath().startsWith(root)) {
                throw new IllegalArgumentException(field + " '" + key + "' leads outside the artifact store " + root);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(field + " '" + key + "' cannot be resolved in the store: " + e.getMessage(), e);
        }
        return resolved;
    }
}
