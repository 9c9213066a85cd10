package dev.mesa.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The one writer of mesa's files: every checkpoint, model, generator, manifest and report goes through it, so a
 * reader sees the old content or the new one, never a part, and the new one survives a power cut once the call
 * returns. A write fills a temporary file beside the target, forces it to disk, renames it over the target and
 * forces the directory (so the rename itself is on disk). A failed write (a full disk, an unwritable directory)
 * throws {@link FileWriteException}, removes its temporary file and leaves the previous file as it was.
 *
 * <p>It also moves a file that failed its checks aside ({@link #moveAside}), so that it is kept for inspection
 * under a name no reader looks for and the artifact can be recomputed.
 */
public final class DurableFiles {
    /** Fills one file at the path it is given (a temporary file; the caller never sees it). */
    @FunctionalInterface
    public interface FileWriter {
        void write(Path target) throws IOException;
    }

    /**
     * Called before each write reaches the disk, with the target file; it may throw to make that write fail the
     * way a full disk does. The default lets every write through. Tests install another one with {@link #intercept}.
     */
    @FunctionalInterface
    public interface WriteInterceptor {
        WriteInterceptor NONE = target -> { };

        void beforeWrite(Path target) throws IOException;
    }

    /** Marks a moved-aside file: {@code <name>.corrupt-<UTC timestamp>}. */
    public static final String QUARANTINE_MARK = ".corrupt-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static volatile WriteInterceptor interceptor = WriteInterceptor.NONE;

    private DurableFiles() {}

    public static void writeString(Path file, String text) {
        writeBytes(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeBytes(Path file, byte[] bytes) {
        write(file, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
            }
        });
    }

    /** Lets {@code writer} fill a temporary file beside {@code file} (same extension), then moves it into place. */
    public static void write(Path file, FileWriter writer) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            Path tmp = Files.createTempFile(dir, "." + (dot > 0 ? name.substring(0, dot) : name) + "-",
                    dot > 0 ? name.substring(dot) : ".tmp");
            try {
                interceptor.beforeWrite(file);
                writer.write(tmp);
                force(tmp);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
                force(dir);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new FileWriteException("cannot write " + file + ": " + describe(e), e);
        }
    }

    /**
     * Moves {@code file} aside as {@code <name>.corrupt-<timestamp>} in the same directory (durably) and returns the
     * new path; {@code null} if the file was already gone (another process moved it first).
     */
    public static Path moveAside(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        Path target = dir.resolve(file.getFileName() + QUARANTINE_MARK + STAMP.format(Instant.now()));
        for (int n = 2; Files.exists(target); n++) {
            target = dir.resolve(file.getFileName() + QUARANTINE_MARK + STAMP.format(Instant.now()) + "-" + n);
        }
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            force(dir);
            return target;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new FileWriteException("cannot move " + file + " aside: " + describe(e), e);
        }
    }

    /** Whether {@code file} is one that {@link #moveAside} produced (or a write's temporary file). */
    public static boolean isSetAside(Path file) {
        String name = file.getFileName().toString();
        return name.contains(QUARANTINE_MARK) || name.startsWith(".");
    }

    /** Whether {@code e} (or a cause) says the disk is full: {@code ENOSPC} or a quota ({@code EDQUOT}). */
    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Installs {@code next} for every write of this JVM until the returned handle is closed (tests: a full disk
     * at the file-writing seam, without root or a small filesystem).
     */
    public static AutoCloseable intercept(WriteInterceptor next) {
        WriteInterceptor previous = interceptor;
        interceptor = Objects.requireNonNull(next);
        return () -> interceptor = previous;
    }

    private static void force(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
