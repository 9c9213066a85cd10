package dev.mesa.training;

/**
 * How a training loop runs: epochs, batch size, whether the last partial batch is dropped, how often
 * losses are read to the host (and checked for NaN/inf), and how often a checkpoint is written (also at
 * every epoch end).
 */
public record LoopSettings(int epochs, int batchSize, boolean dropLast, int logEverySteps, int checkpointEverySteps) {
    public LoopSettings {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (logEverySteps < 1 || checkpointEverySteps < 1) {
            throw new IllegalArgumentException("log and checkpoint intervals must be >= 1 step");
        }
    }

    /** With the {@link LoopIntervals#DEFAULT default intervals}. */
    public static LoopSettings of(int epochs, int batchSize, boolean dropLast) {
        return of(epochs, batchSize, dropLast, LoopIntervals.DEFAULT);
    }

    public static LoopSettings of(int epochs, int batchSize, boolean dropLast, LoopIntervals intervals) {
        return new LoopSettings(epochs, batchSize, dropLast, intervals.logEverySteps(),
                intervals.checkpointEverySteps());
    }

    public LoopIntervals intervals() {
        return new LoopIntervals(logEverySteps, checkpointEverySteps);
    }

    public LoopSettings withIntervals(int logEvery, int checkpointEvery) {
        return new LoopSettings(epochs, batchSize, dropLast, logEvery, checkpointEvery);
    }

    public LoopSettings withIntervals(LoopIntervals newIntervals) {
        return of(epochs, batchSize, dropLast, newIntervals);
    }

    /** These settings for {@code newEpochs} epochs, every other field unchanged. */
    public LoopSettings withEpochs(int newEpochs) {
        return new LoopSettings(newEpochs, batchSize, dropLast, logEverySteps, checkpointEverySteps);
    }
}
