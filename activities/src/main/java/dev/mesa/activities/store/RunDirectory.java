package dev.mesa.activities.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesa.checkpoint.CorruptArtifactException;
import dev.mesa.checkpoint.DurableFiles;
import dev.mesa.checkpoint.FileWriteException;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The directory of one activity run: {@code <store>/<key>/}. It holds the stored request ({@link StoredRequest},
 * written when the run opens), the run's outputs, while it trains its checkpoint ({@link #CHECKPOINT}, which a retry
 * resumes from), and once {@link #finish} ran, the manifest with the SHA-256 of every output.
 *
 * <p>{@link #complete()} is true only for a manifest of this request whose every listed file is present with its
 * recorded hash. A manifest that cannot be read, or that lists a file that is gone or changed, is moved aside
 * together with that file ({@link DurableFiles#moveAside}, reported to {@link StoreEvents}): the run is then simply
 * not complete, and the activity recomputes it.
 */
public final class RunDirectory {
    public static final String CHECKPOINT = "checkpoint.mesa-checkpoint";
    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);
    private static final ObjectMapper MAPPER = JacksonJsonPayloadConverter.newDefaultObjectMapper();
    private static final List<String> BOOKKEEPING = List.of(Manifest.FILE_NAME, StoredRequest.FILE_NAME, CHECKPOINT);

    private final String key;
    private final Path path;
    private final String activity;
    private final RequestFingerprint request;
    private final StoreEvents events;
    private Manifest verified;

    RunDirectory(String key, Path path, String activity, RequestFingerprint request, StoreEvents events) {
        this.key = key;
        this.path = path;
        this.activity = activity;
        this.request = request;
        this.events = events;
    }

    public String key() {
        return key;
    }

    public Path path() {
        return path;
    }

    /** The activity type that produces this run. */
    public String activity() {
        return activity;
    }

    /** The canonical request this run is made from. */
    public RequestFingerprint request() {
        return request;
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

    /** Writes {@code request.json} unless it holds this request: what a finder of a damaged output recomputes from. */
    void storeRequest() {
        Path file = file(StoredRequest.FILE_NAME);
        try {
            if (Files.isRegularFile(file) && request.sha256().equals(MAPPER.readValue(file.toFile(), StoredRequest.class)
                    .requestSha256())) {
                return;
            }
        } catch (IOException unreadable) {
            // rewritten below
        }
        try {
            DurableFiles.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
                    new StoredRequest(StoredRequest.FORMAT_VERSION, key, activity, request.sha256(), request.canonical())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the request of " + key, e);
        } catch (UncheckedIOException e) {
            // Not fatal: a run that is already complete is still served, and the manifest records the request too.
            LOG.warn("{}: cannot store its request ({}); the manifest will record it", key, e.getMessage());
        }
    }

    /**
     * The run made from the request stored in {@code dir} ({@code request.json}, else a readable manifest), or
     * null when there is none: then {@code dir} was not made by an activity (an uploaded model, say). A stored
     * request whose hash does not match its content is treated as none.
     */
    static RunDirectory fromStoredRequest(String key, Path dir, StoreEvents events) {
        for (String name : List.of(StoredRequest.FILE_NAME, Manifest.FILE_NAME)) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                var tree = MAPPER.readTree(file.toFile());
                String activity = tree.path("activity").asText(null);
                String sha = tree.path("requestSha256").asText(null);
                RequestFingerprint request = tree.hasNonNull("request")
                        ? RequestFingerprint.ofCanonical(tree.get("request")) : null;
                if (activity != null && request != null && request.sha256().equals(sha)) {
                    return new RunDirectory(key, dir, activity, request, events);
                }
            } catch (IOException unreadable) {
                // try the next source
            }
        }
        return null;
    }

    /**
     * Whether this run finished for exactly this request and every file it recorded is intact. A damaged manifest
     * or output is moved aside (and reported), so the caller recomputes the run.
     */
    public boolean complete() {
        Path manifestFile = file(Manifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            return false;
        }
        Manifest manifest;
        try {
            manifest = readManifest(manifestFile);
        } catch (CorruptArtifactException e) {
            quarantine(manifestFile, e.getMessage());
            return false;
        }
        if (!request.sha256().equals(manifest.requestSha256())) {
            return false;
        }
        if (manifest.files() != null) {
            for (Map.Entry<String, String> f : new TreeMap<>(manifest.files()).entrySet()) {
                String problem = check(f.getKey(), f.getValue());
                if (problem != null) {
                    DurableFiles.moveAside(manifestFile);
                    quarantine(file(f.getKey()), problem);
                    return false;
                }
            }
        }
        verified = manifest;
        return true;
    }

    /**
     * What a request answers: when this run is {@link #complete()}, its stored result as {@code reuse} presents it
     * (marked reused); otherwise what {@code compute} returns (it finishes the run, or leaves it open on purpose).
     */
    public <T> T reuseOr(Class<T> type, UnaryOperator<T> reuse, Supplier<T> compute) {
        return complete() ? reuse.apply(result(type)) : compute.get();
    }

    /** The stored result of a run {@link #complete()} found complete. */
    public <T> T result(Class<T> type) {
        Manifest manifest = verified != null ? verified : readManifest(file(Manifest.FILE_NAME));
        try {
            return MAPPER.treeToValue(manifest.result(), type);
        } catch (IOException e) {
            throw new CorruptArtifactException(file(Manifest.FILE_NAME), "stored result is not a " + type.getSimpleName()
                    + ": " + e.getMessage() + " (delete the run directory to recompute it)", e);
        }
    }

    /**
     * Moves {@code damaged} (a file of this run that failed when it was read) aside together with the manifest, so
     * the run is no longer complete; reports it.
     */
    public void quarantineOutput(Path damaged, String problem) {
        DurableFiles.moveAside(file(Manifest.FILE_NAME));
        verified = null;
        if (damaged != null && damaged.toAbsolutePath().normalize().startsWith(path) && !damaged.equals(file(Manifest.FILE_NAME))) {
            quarantine(damaged, problem);
        } else {
            events.quarantined(StoreEvents.kindOf(key), key, null, problem);
        }
    }

    /** Records {@code result} as this run's outcome (durably, last, with every output's hash) and removes the checkpoint. */
    public <T> T finish(T result) {
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, key, activity, request.sha256(), request.canonical(),
                MAPPER.valueToTree(result), Instant.now().toString(), outputHashes());
        try {
            DurableFiles.writeString(file(Manifest.FILE_NAME), MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(manifest));
            Files.deleteIfExists(checkpoint());
        } catch (IOException e) {
            throw new FileWriteException("cannot finish run " + key + ": " + e.getMessage(), e);
        }
        verified = manifest;
        return result;
    }

    private void quarantine(Path file, String problem) {
        Path aside = DurableFiles.moveAside(file);
        LOG.warn("{}: {} failed its check ({}); moved aside to {}, the run will be recomputed", key,
                file.getFileName(), problem, aside);
        events.quarantined(StoreEvents.kindOf(key), key, aside, problem);
    }

    /** Null if {@code name} is present with hash {@code expected}, else what is wrong. */
    private String check(String name, String expected) {
        try {
            String actual = sha256(file(name));
            return actual.equals(expected) ? null : "checksum mismatch: the file changed after the run finished";
        } catch (NoSuchFileException e) {
            return "missing: the manifest lists it";
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private Map<String, String> outputHashes() {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.list(path)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (!BOOKKEEPING.contains(name) && !DurableFiles.isSetAside(f)) {
                    hashes.put(name, sha256(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash the outputs of run " + key + ": " + e.getMessage(), e);
        }
        return hashes;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) >= 0) {
                // the digest sees every byte
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Manifest readManifest(Path file) {
        try {
            Manifest manifest = MAPPER.readValue(file.toFile(), Manifest.class);
            if (manifest.formatVersion() != Manifest.FORMAT_VERSION || manifest.result() == null
                    || manifest.requestSha256() == null) {
                throw new CorruptArtifactException(file, "unsupported or incomplete manifest (format "
                        + manifest.formatVersion() + ")");
            }
            return manifest;
        } catch (IOException e) {
            throw new CorruptArtifactException(file, "malformed manifest: " + e.getMessage(), e);
        }
    }
}
