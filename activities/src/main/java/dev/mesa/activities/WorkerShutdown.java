package dev.mesa.activities;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The worker's "stopping" flag. Once requested (SIGTERM, before the worker stops polling), every running training
 * loop writes a checkpoint at its next step boundary and its attempt ends with a retryable
 * {@link #FAILURE_TYPE} failure, so Temporal retries it on another worker, which resumes from that checkpoint.
 */
public final class WorkerShutdown {
    /** {@code ApplicationFailure} type of an attempt stopped by a shutdown: retryable. */
    public static final String FAILURE_TYPE = "WorkerShutdown";
    private final AtomicBoolean requested = new AtomicBoolean();

    public void request() {
        requested.set(true);
    }

    public boolean requested() {
        return requested.get();
    }
}
