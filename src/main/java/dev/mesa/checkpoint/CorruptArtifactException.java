package dev.mesa.checkpoint;

import java.nio.file.Path;

/** A checkpoint, model or trigger file that is truncated, altered or of another kind: never used silently. */
public class CorruptArtifactException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptArtifactException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public CorruptArtifactException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
