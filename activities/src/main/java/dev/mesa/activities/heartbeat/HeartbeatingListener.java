package dev.mesa.activities.heartbeat;

import dev.mesa.training.TrainingListener;
import dev.mesa.training.TrainingProgress;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Heartbeats a training loop's position: after every checkpoint, and on progress at most once per
 * {@code throttle}. A heartbeat that reports cancellation (or a lost activity) sets {@link #stopRequested()}, so
 * the loop writes a checkpoint and stops; the activity then rethrows {@link #cancellation()}. It sees only what it
 * needs; {@link TrainingListener#compose} puts it beside the metrics and the session's own listener.
 */
public final class HeartbeatingListener implements TrainingListener {
    private final ActivityExecutionContext context;
    private final String checkpointKey;
    private final long throttleNanos;
    private final LongSupplier clock;
    private volatile ActivityCompletionException cancellation;
    private long lastBeat = Long.MIN_VALUE;
    private long lastCheckpointStep = -1;
    private long globalStep;
    private long totalSteps;

    public HeartbeatingListener(ActivityExecutionContext context, String checkpointKey, Duration throttle) {
        this(context, checkpointKey, throttle, System::nanoTime);
    }

    HeartbeatingListener(ActivityExecutionContext context, String checkpointKey, Duration throttle,
                         LongSupplier clock) {
        this.context = context;
        this.checkpointKey = checkpointKey;
        this.throttleNanos = throttle.toNanos();
        this.clock = clock;
    }

    /** A heartbeat before the loop starts (dataset and model loaded), so a slow start is not taken for a dead worker. */
    public void beat() {
        send();
    }

    @Override
    public void onProgress(TrainingProgress progress) {
        globalStep = progress.globalStep();
        totalSteps = progress.totalSteps();
        if (lastBeat == Long.MIN_VALUE || clock.getAsLong() - lastBeat >= throttleNanos) {
            send();
        }
    }

    @Override
    public void onCheckpoint(String loop, Path checkpoint, long step) {
        lastCheckpointStep = step;
        globalStep = step;
        send();
    }

    @Override
    public void onResume(String loop, Path checkpoint, long step) {
        lastCheckpointStep = step;
        globalStep = step;
    }

    @Override
    public boolean stopRequested() {
        return cancellation != null;
    }

    /** The cancellation a heartbeat reported, or null. */
    public ActivityCompletionException cancellation() {
        return cancellation;
    }

    private void send() {
        lastBeat = clock.getAsLong();
        try {
            context.heartbeat(new HeartbeatDetails(lastCheckpointStep >= 0 ? checkpointKey : null, globalStep,
                    totalSteps));
        } catch (ActivityCompletionException e) {
            cancellation = e;
        }
    }
}
