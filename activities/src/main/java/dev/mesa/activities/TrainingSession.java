package dev.mesa.activities;

import dev.mesa.activities.heartbeat.HeartbeatDetails;
import dev.mesa.activities.heartbeat.HeartbeatingListener;
import dev.mesa.activities.metrics.MetricNames;
import dev.mesa.activities.store.RunDirectory;
import dev.mesa.training.TrainingListener;
import dev.mesa.training.TrainingProgress;
import dev.mesa.training.TrainingStoppedException;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One attempt of a training activity: reads the previous attempt's heartbeat (where it got to), and provides the
 * listener that heartbeats the checkpoint reference, records metrics, counts a resume and stops the loop when the
 * worker shuts down. The loop itself resumes
 * from the run directory's checkpoint whenever one exists (after a retry, or after the server lost its history).
 * {@link #train} runs the loop the way every training activity does.
 */
final class TrainingSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingSession.class);
    private final HeartbeatingListener heartbeats;
    private final TrainingListener listener;
    private final AtomicLong resumedFromStep;
    private final Runnable onClose;

    /** A training loop, given the session's listener; stops by throwing {@link TrainingStoppedException}. */
    @FunctionalInterface
    interface Loop<T> {
        T run(TrainingListener listener);
    }

    private TrainingSession(HeartbeatingListener heartbeats, TrainingListener listener, AtomicLong resumedFromStep,
                            Runnable onClose) {
        this.heartbeats = heartbeats;
        this.listener = listener;
        this.resumedFromStep = resumedFromStep;
        this.onClose = onClose;
    }

    static TrainingSession start(String activity, String loop, RunDirectory run, ActivityResources resources) {
        return start(activity, loop, run, resources, progress -> { });
    }

    /** @param onProgress also sees every progress report (for loop-specific metrics) */
    static TrainingSession start(String activity, String loop, RunDirectory run, ActivityResources resources,
                                 Consumer<TrainingProgress> onProgress) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        Optional<HeartbeatDetails> previous = context.getHeartbeatDetails(HeartbeatDetails.class);
        previous.ifPresent(p -> LOG.info("{} attempt {}: the previous attempt last reported {}; {}", activity,
                context.getInfo().getAttempt(), p.totalSteps() > 0 ? "step " + p.globalStep() + "/" + p.totalSteps()
                        : "its start", Files.exists(run.checkpoint())
                        ? "resuming from the checkpoint " + run.fileKey(RunDirectory.CHECKPOINT)
                        : "no checkpoint of it in this worker's store: starting over"));
        AtomicLong resumedFrom = new AtomicLong();
        TrainingListener session = new TrainingListener() {
            @Override
            public void onProgress(TrainingProgress progress) {
                onProgress.accept(progress);
            }

            @Override
            public void onCheckpointDiscarded(String name, Path movedTo, String problem) {
                resources.metrics().quarantined(MetricNames.KIND_CHECKPOINTS);
            }

            @Override
            public boolean stopRequested() {
                return resources.shutdown().requested();
            }

            @Override
            public void onResume(String name, Path checkpoint, long step) {
                resumedFrom.set(step);
                resources.metrics().resumed(activity);
                LOG.info("{}: {} resumes at step {} from {}", activity, name, step, run.fileKey(RunDirectory.CHECKPOINT));
            }
        };
        HeartbeatingListener heartbeats = new HeartbeatingListener(context, run.fileKey(RunDirectory.CHECKPOINT),
                resources.cadence().heartbeatThrottle());
        return new TrainingSession(heartbeats, TrainingListener.compose(resources.metrics().trainingListener(loop),
                session, heartbeats), resumedFrom, () -> resources.metrics().loopEnded(loop));
    }

    /** The attempt is over (finished, failed or stopped): the loop's throughput gauge drops to 0. */
    @Override
    public void close() {
        onClose.run();
    }

    /** The step the loop continued from (0 when it started afresh). */
    long resumedFromStep() {
        return resumedFromStep.get();
    }

    /**
     * Heartbeats (after loading, before the loop), then runs {@code loop} with this session's listener; a loop stopped
     * on request ends the attempt as {@link #stopped} says.
     */
    <T> T train(Loop<T> loop) {
        beat();
        try {
            return loop.run(listener);
        } catch (TrainingStoppedException e) {
            throw stopped(e);
        }
    }

    /** Heartbeats now; throws if the activity was cancelled meanwhile. */
    private void beat() {
        heartbeats.beat();
        if (heartbeats.cancellation() != null) {
            throw heartbeats.cancellation();
        }
    }

    /**
     * What to throw when the loop stopped on request: the cancellation that asked for it, or, when the worker is
     * shutting down, a retryable failure (the retry resumes from the checkpoint just written).
     */
    private RuntimeException stopped(TrainingStoppedException e) {
        if (heartbeats.cancellation() != null) {
            return heartbeats.cancellation();
        }
        return ApplicationFailure.newFailureWithCause("the worker is shutting down: " + e.getMessage()
                + "; the retry resumes from the run directory's checkpoint", WorkerShutdown.FAILURE_TYPE, e);
    }
}
