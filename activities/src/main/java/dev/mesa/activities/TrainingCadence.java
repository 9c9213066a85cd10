package dev.mesa.activities;

import java.time.Duration;

/**
 * How often the training activities read losses, write checkpoints and heartbeat. Checkpoints bound the work a
 * crash loses; the heartbeat throttle keeps heartbeats cheap (a checkpoint always heartbeats at once).
 *
 * @param logEverySteps        steps between host reads of the losses (progress, metrics, heartbeats)
 * @param checkpointEverySteps steps between checkpoints (also at every epoch end)
 * @param heartbeatThrottle    least time between two progress heartbeats
 * @param evaluationBatchSize  batch size of inference passes
 */
public record TrainingCadence(int logEverySteps, int checkpointEverySteps, Duration heartbeatThrottle,
                              int evaluationBatchSize) {
    public TrainingCadence {
        if (logEverySteps < 1 || checkpointEverySteps < 1 || evaluationBatchSize < 1 || heartbeatThrottle.isNegative()) {
            throw new IllegalArgumentException("training cadence needs positive step intervals and batch size");
        }
    }

    /** Losses every 10 steps, a checkpoint every 50, heartbeats at most every 10 s, inference in batches of 256. */
    public static TrainingCadence defaults() {
        return new TrainingCadence(10, 50, Duration.ofSeconds(10), 256);
    }

    public TrainingCadence withCheckpointEvery(int steps) {
        return new TrainingCadence(Math.min(logEverySteps, steps), steps, heartbeatThrottle, evaluationBatchSize);
    }
}
