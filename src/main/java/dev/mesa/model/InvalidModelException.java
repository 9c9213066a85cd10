package dev.mesa.model;

/**
 * A model the user gave that mesa cannot defend: not TorchScript, not accepting the declared images, NaN
 * logits, an output width that differs from the dataset's classes. The message says what is wrong and what
 * to do. An {@link IllegalArgumentException}, so callers that treat invalid input as final already do;
 * the type lets them name the failure.
 */
public class InvalidModelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
