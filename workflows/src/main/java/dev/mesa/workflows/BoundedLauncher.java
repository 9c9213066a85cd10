package dev.mesa.workflows;

import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Starts units of workflow work with at most {@code limit} in flight, recording each unit in a
 * {@link ProgressTracker}. It stops launching when the workflow is cancelled, when a unit fails, or when the
 * caller's stop condition holds (continue-as-new), then waits for the units in flight and returns what finished.
 * A unit failure that is not a cancellation is rethrown, so the workflow fails fast.
 */
final class BoundedLauncher {
    /**
     * Units that finished, in key order; {@code cancelled}: the scope or a unit was cancelled;
     * {@code stoppedEarly}: the stop condition ended the launching before every key was started.
     */
    record Outcome<K, T>(Map<K, T> finished, boolean cancelled, boolean stoppedEarly) {}

    private final int limit;
    private final ProgressTracker progress;

    BoundedLauncher(int limit, ProgressTracker progress) {
        this.limit = limit;
        this.progress = progress;
    }

    /**
     * Whether a stage of {@code keys} is one unit alone, which nothing of the same run can run beside: the workflow
     * marks it wide ({@link dev.mesa.workflows.activity.UnitWidth}), from its own state only, so the mark is the same
     * on every replay.
     */
    static boolean alone(List<?> keys) {
        return keys.size() == 1;
    }

    <K, T> Outcome<K, T> run(List<K> keys, String kind, Function<K, String> unitName, Function<K, Promise<T>> start) {
        return run(keys, kind, unitName, start, () -> false);
    }

    <K, T> Outcome<K, T> run(List<K> keys, String kind, Function<K, String> unitName, Function<K, Promise<T>> start,
                             BooleanSupplier stopLaunching) {
        CancellationScope scope = CancellationScope.current();
        keys.forEach(k -> progress.plan(unitName.apply(k), kind));
        Map<K, T> finished = new LinkedHashMap<>();
        int[] running = {0};
        RuntimeException[] failure = {null};
        boolean[] unitCancelled = {false};
        boolean stoppedEarly = false;
        for (K key : keys) {
            if (!awaitUnlessCancelled(() -> running[0] < limit || failure[0] != null) || failure[0] != null) {
                break;
            }
            if (stopLaunching.getAsBoolean()) {
                stoppedEarly = true;
                break;
            }
            String unit = unitName.apply(key);
            running[0]++;
            progress.started(unit);
            start.apply(key).handle((value, error) -> {
                running[0]--;
                if (error == null) {
                    finished.put(key, value);
                    progress.finished(unit, "done");
                } else if (FailureChains.isCancellation(error)) {
                    unitCancelled[0] = true;
                    progress.finished(unit, "cancelled");
                } else {
                    progress.finished(unit, "failed");
                    if (failure[0] == null) {
                        failure[0] = error;
                    }
                }
                return null;
            });
        }
        // Wait for the units in flight even when cancelled (cancelled activities settle at once, children once closed).
        Workflow.newDetachedCancellationScope(() -> Workflow.await(() -> running[0] == 0 || failure[0] != null)).run();
        if (failure[0] != null) {
            throw failure[0];
        }
        Map<K, T> ordered = new LinkedHashMap<>();
        keys.stream().filter(finished::containsKey).forEach(k -> ordered.put(k, finished.get(k)));
        return new Outcome<>(ordered, unitCancelled[0] || scope.isCancelRequested(), stoppedEarly);
    }

    /** Waits for {@code condition}; false if the workflow was cancelled meanwhile. */
    private static boolean awaitUnlessCancelled(java.util.function.Supplier<Boolean> condition) {
        CancellationScope scope = CancellationScope.current();
        if (scope.isCancelRequested()) {
            return false;
        }
        try {
            Workflow.await(condition);
        } catch (CanceledFailure e) {
            return false;
        }
        return !scope.isCancelRequested();
    }
}
