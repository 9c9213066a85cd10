package dev.mesa.checkpoint;

import java.nio.file.Path;

/** A checkpoint, model or trigger file that is truncated, altered or of another kind: never used silently. */
public class CorruptArtifactException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public CorruptArtifactException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public CorruptArtifactException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The damaged file. */
    public Path file() {
        return file;
    }
}
