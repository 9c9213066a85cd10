package dev.mesa.training;

/**
 * How often a training loop reads its losses to the host (and checks them for NaN/inf) and how often it writes a
 * checkpoint (also at every epoch end): the part of {@link LoopSettings} a caller chooses when the trainer itself
 * knows the epochs and the batch size.
 */
public record LoopIntervals(int logEverySteps, int checkpointEverySteps) {
    /** Losses every 20 steps, a checkpoint every 100. */
    public static final LoopIntervals DEFAULT = new LoopIntervals(20, 100);

    public LoopIntervals {
        if (logEverySteps < 1 || checkpointEverySteps < 1) {
            throw new IllegalArgumentException("log and checkpoint intervals must be >= 1 step, got " + logEverySteps
                    + " and " + checkpointEverySteps);
        }
    }
}
