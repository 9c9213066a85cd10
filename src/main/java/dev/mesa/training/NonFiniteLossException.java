package dev.mesa.training;

import java.nio.file.Path;

/** A loss became NaN or infinite; the run stops and its last good checkpoint is kept. */
public class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long step;

    public NonFiniteLossException(String loop, String lossName, long step, double value, Path lastGoodCheckpoint) {
        super(loop + ": loss '" + lossName + "' is " + value + " at step " + step + "; stopped. Last good checkpoint: "
                + (lastGoodCheckpoint == null ? "none" : lastGoodCheckpoint)
                + " (lower the learning rate or check the inputs, then resume or restart)");
        this.step = step;
    }

    public long step() {
        return step;
    }
}
