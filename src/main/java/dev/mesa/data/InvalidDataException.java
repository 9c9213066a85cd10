package dev.mesa.data;

import java.nio.file.Path;

/** A dataset file or folder that cannot be used; the message names the file and the problem. */
public class InvalidDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidDataException(String message) {
        super(message);
    }

    public InvalidDataException(String message, Throwable cause) {
        super(message, cause);
    }

    public static InvalidDataException at(Path file, String problem) {
        return new InvalidDataException(file + ": " + problem);
    }
}
