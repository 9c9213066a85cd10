package dev.mesa.training;

import java.nio.file.Path;

/**
 * A checkpoint passed its checksum but could not be restored into the task, whose state may now be half-loaded:
 * the checkpoint was moved aside and this attempt ends. It is retryable: the next attempt builds fresh state and
 * starts over from step 0.
 */
public class CheckpointDiscardedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckpointDiscardedException(String loop, Path movedTo, RuntimeException cause) {
        super(loop + ": the checkpoint could not be restored (" + cause.getMessage() + "); it was moved aside to "
                + movedTo + " and the retry starts over", cause);
    }
}
