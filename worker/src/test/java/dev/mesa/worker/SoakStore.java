package dev.mesa.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the soak reads in (and does to) an artifact store: finished triggers, the checkpoints being written, the
 * complete runs and their recorded hashes, files moved aside; and the damage it injects.
 */
final class SoakStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CHECKPOINT = "checkpoint.mesa-checkpoint";
    private final Path root;

    SoakStore(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    private List<Path> walk() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // a directory moved while walking: the next poll sees the new state
        }
    }

    /** Triggers of {@code sweepId} whose experiment report is complete. */
    int finishedTriggers(String sweepId) {
        Path reports = root.resolve("reports").resolve(sweepId);
        if (!Files.isDirectory(reports)) {
            return 0;
        }
        try (Stream<Path> dirs = Files.list(reports)) {
            return (int) dirs.filter(d -> d.getFileName().toString().startsWith("trigger-"))
                    .filter(d -> Files.isRegularFile(d.resolve("manifest.json"))).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** Checkpoints written within the last {@code millis}: a training loop is running there right now. */
    List<Path> freshCheckpoints(long millis) {
        long now = System.currentTimeMillis();
        List<Path> fresh = new ArrayList<>();
        for (Path p : walk()) {
            if (p.getFileName().toString().equals(CHECKPOINT)) {
                try {
                    FileTime t = Files.getLastModifiedTime(p);
                    if (now - t.toMillis() <= millis) {
                        fresh.add(p);
                    }
                } catch (IOException gone) {
                    // finished meanwhile
                }
            }
        }
        return fresh;
    }

    /** The last-modified time of {@code file} in milliseconds, 0 if it is gone. */
    long modifiedMillis(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException gone) {
            return 0;
        }
    }

    /** Whether the backdoored model of trigger {@code label} is complete (nothing reads the clean model for it again). */
    boolean hasFinishedAttack(String label) {
        Path attacked = root.resolve("models/attacked");
        if (!Files.isDirectory(attacked)) {
            return false;
        }
        try (Stream<Path> dirs = Files.list(attacked)) {
            return dirs.anyMatch(d -> d.getFileName().toString().startsWith(label + "-t")
                    && Files.exists(d.resolve("manifest.json")));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** Checkpoints of runs that are not complete (left by a stopped or killed attempt). */
    List<Path> pendingCheckpoints() {
        return walk().stream().filter(p -> p.getFileName().toString().equals(CHECKPOINT))
                .filter(p -> !Files.exists(p.resolveSibling("manifest.json"))).toList();
    }

    /** The model or generator files of complete runs under {@code kind} ({@code models/clean}, {@code generators}). */
    List<Path> finishedArtifacts(String kind) {
        Path dir = root.resolve(kind);
        List<Path> out = new ArrayList<>();
        for (Path p : walk()) {
            String name = p.getFileName().toString();
            if (p.startsWith(dir) && (name.equals("model.mesa-model") || name.equals("generator.mesa-generator"))
                    && Files.exists(p.resolveSibling("manifest.json"))) {
                out.add(p);
            }
        }
        return out;
    }

    /** Files moved aside by the store's checks ({@code <name>.corrupt-<timestamp>}), by run kind. */
    Map<String, Integer> quarantined() {
        Map<String, Integer> byKind = new TreeMap<>();
        for (Path p : walk()) {
            if (p.getFileName().toString().contains(".corrupt-")) {
                String kind = root.relativize(p).getName(0).toString();
                String what = p.getFileName().toString().startsWith(CHECKPOINT) ? "checkpoints" : kind;
                byKind.merge(what, 1, Integer::sum);
            }
        }
        return byKind;
    }

    /**
     * Every complete run: key → its manifest's {@code files} (name → SHA-256) and result. Files whose recorded hash no
     * longer matches are listed in {@code damaged}.
     */
    Map<String, JsonNode> completeRuns(List<String> damaged) {
        Map<String, JsonNode> runs = new TreeMap<>();
        for (Path manifest : walk()) {
            if (!manifest.getFileName().toString().equals("manifest.json")) {
                continue;
            }
            try {
                JsonNode m = JSON.readTree(manifest.toFile());
                String key = root.relativize(manifest.getParent()).toString();
                runs.put(key, m);
                m.path("files").fields().forEachRemaining(f -> {
                    Path file = manifest.resolveSibling(f.getKey());
                    try {
                        if (!sha256(file).equals(f.getValue().asText())) {
                            damaged.add(key + "/" + f.getKey());
                        }
                    } catch (IOException e) {
                        damaged.add(key + "/" + f.getKey() + " (" + e.getMessage() + ")");
                    }
                });
            } catch (IOException e) {
                damaged.add(root.relativize(manifest) + " (" + e.getMessage() + ")");
            }
        }
        return runs;
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Flips one bit in the middle third of {@code file}. */
    static void flipBit(Path file, Random random) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int at = bytes.length / 3 + random.nextInt(Math.max(1, bytes.length / 3));
        bytes[at] ^= (byte) (1 << random.nextInt(8));
        Files.write(file, bytes);
    }

    /** Cuts {@code file} to half its length. */
    static void truncate(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }
}
