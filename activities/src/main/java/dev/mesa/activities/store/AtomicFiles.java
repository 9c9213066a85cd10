package dev.mesa.activities.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files so that readers see the old content or the new, never a part: temporary file, then rename. */
public final class AtomicFiles {
    /** Writes one file at the path it is given. */
    @FunctionalInterface
    public interface FileWriter {
        void write(Path target) throws IOException;
    }

    private AtomicFiles() {}

    public static void writeString(Path file, String text) {
        write(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /** Lets {@code writer} fill a temporary file beside {@code file} (same extension), then moves it into place. */
    public static void write(Path file, FileWriter writer) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            Path tmp = Files.createTempFile(dir, "." + (dot > 0 ? name.substring(0, dot) : name) + "-", dot > 0
                    ? name.substring(dot) : ".tmp");
            try {
                writer.write(tmp);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
