package dev.mesa.worker.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a worker can write where a directory option points: the directory exists and takes a file, or it is missing
 * and its nearest existing ancestor is a directory that does (the worker creates it), and the space left there.
 *
 * @param problem      null when the worker can write there, else why not
 * @param usableBytes  free space for this process on the file system that holds it; -1 when unknown
 */
public record DirectoryState(Path path, boolean exists, String problem, long usableBytes) {
    /** Looks without changing anything but a probe file, created and deleted again. */
    public static DirectoryState inspect(Path path) {
        Path dir = path.toAbsolutePath().normalize();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return new DirectoryState(path, false, "no part of it exists", -1);
        }
        boolean exists = existing.equals(dir);
        if (!Files.isDirectory(existing)) {
            return new DirectoryState(path, exists, existing + " is not a directory", -1);
        }
        long usable = usableBytes(existing);
        String notWritable = probeWrite(existing);
        if (notWritable != null) {
            return new DirectoryState(path, exists, (exists ? "not writable: " : "missing, and " + existing
                    + " where it would be created is not writable: ") + notWritable, usable);
        }
        return new DirectoryState(path, exists, null, usable);
    }

    /** Null when a file can be created (and was deleted again) in {@code dir}, else the reason it cannot. */
    private static String probeWrite(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, ".mesa-doctor-", ".probe"));
            return null;
        } catch (IOException | SecurityException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static long usableBytes(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
