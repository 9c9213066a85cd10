package dev.mesa.workflows;

import com.uber.m3.tally.Scope;
import io.temporal.workflow.Workflow;

import java.util.Map;

/**
 * Publishes a sweep's progress as metrics through {@link Workflow#getMetricsScope()} (replay-aware: nothing is
 * emitted while a worker replays history), which the worker routes to its Micrometer registry:
 * {@code mesa_sweep_triggers{run,state="planned|done|failed"}} and {@code mesa_sweep_eta_seconds{run}}, where
 * {@code run} is the sweep's workflow id ({@code sweep/<sweepId>}), so sweeps running at once keep separate series.
 * The worker removes a run's series once it was idle for the metrics retention (one hour by default), which keeps
 * the label bounded.
 */
final class SweepMetrics {
    static final String TRIGGERS = "mesa_sweep_triggers";
    static final String ETA_SECONDS = "mesa_sweep_eta_seconds";

    /** The tag that names the run: the same key as the activities' run-scoped gauges. */
    static final String RUN_TAG = "run";
    private final Scope scope = Workflow.getMetricsScope().tagged(Map.of(RUN_TAG, RunIdentity.run()));
    private int failed;

    /** One more trigger ended in failure (call before its unit is marked finished). */
    void triggerFailed() {
        failed++;
    }

    void publish(Progress progress) {
        gauge("planned", progress.total());
        gauge("done", progress.done() - failed);
        gauge("failed", failed);
        if (progress.etaMillis() != null) {
            scope.gauge(ETA_SECONDS).update(progress.etaMillis() / 1000.0);
        }
    }

    private void gauge(String state, double value) {
        scope.tagged(Map.of("state", state)).gauge(TRIGGERS).update(value);
    }
}
