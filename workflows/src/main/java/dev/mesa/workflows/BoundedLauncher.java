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
    private final Integer wideSlots;
    private final ProgressTracker progress;

    BoundedLauncher(int limit, ProgressTracker progress) {
        this(limit, null, progress);
    }

    /**
     * A launcher whose stages ({@link #runStage}) hold back a last unit that would run alone on a worker of
     * {@code wideSlots} slots that widens units ({@link dev.mesa.workflows.activity.InputDescription#wideSlots}); null:
     * the worker does not widen units, and stages run as {@link #run} runs them.
     */
    BoundedLauncher(int limit, Integer wideSlots, ProgressTracker progress) {
        this.limit = limit;
        this.wideSlots = wideSlots;
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

    /**
     * How a stage of {@code keys} is launched: in one wave, or, when its units fill waves of {@code width} = the
     * smaller of {@code limit} and {@code wideSlots} side by side and one unit is left over, every unit but the last
     * first and the last one after them, alone (so it is marked wide). Two units of 1 thread side by side and then
     * one on every core finish sooner than the last unit starting beside the others' ends and running on 1 thread,
     * when the units take about the same time, as a stage's units do. Decided from the workflow's state and the
     * recorded {@code wideSlots} only, so it is the same on every replay.
     */
    static <K> List<List<K>> waves(List<K> keys, int limit, Integer wideSlots) {
        int width = wideSlots == null ? 1 : Math.min(limit, wideSlots);
        if (width < 2 || keys.size() < 2 || keys.size() % width != 1) {
            return List.of(keys);
        }
        return List.of(keys.subList(0, keys.size() - 1), keys.subList(keys.size() - 1, keys.size()));
    }

    /**
     * Runs a stage: {@link #waves}, each unit started by {@code start} with whether it is marked wide (the only unit
     * of the stage, or the held-back last one). Like {@link #run}, it stops launching when cancelled or when a unit
     * fails.
     */
    <K, T> Outcome<K, T> runStage(List<K> keys, String kind, Function<K, String> unitName,
                                  java.util.function.BiFunction<K, Boolean, Promise<T>> start) {
        List<List<K>> waves = waves(keys, limit, wideSlots);
        if (waves.size() == 1) {
            boolean wide = alone(keys);
            return run(keys, kind, unitName, k -> start.apply(k, wide));
        }
        keys.forEach(k -> progress.plan(unitName.apply(k), kind));
        Outcome<K, T> first = launch(waves.get(0), unitName, k -> start.apply(k, false), () -> false);
        if (first.cancelled()) {
            return first;
        }
        Outcome<K, T> last = launch(waves.get(1), unitName, k -> start.apply(k, true), () -> false);
        Map<K, T> ordered = new LinkedHashMap<>(first.finished());
        ordered.putAll(last.finished());
        return new Outcome<>(ordered, last.cancelled(), false);
    }

    <K, T> Outcome<K, T> run(List<K> keys, String kind, Function<K, String> unitName, Function<K, Promise<T>> start) {
        return run(keys, kind, unitName, start, () -> false);
    }

    <K, T> Outcome<K, T> run(List<K> keys, String kind, Function<K, String> unitName, Function<K, Promise<T>> start,
                             BooleanSupplier stopLaunching) {
        keys.forEach(k -> progress.plan(unitName.apply(k), kind));
        return launch(keys, unitName, start, stopLaunching);
    }

    /** Launches {@code keys}, already planned, and waits for them (see {@link #run}). */
    private <K, T> Outcome<K, T> launch(List<K> keys, Function<K, String> unitName, Function<K, Promise<T>> start,
                                        BooleanSupplier stopLaunching) {
        CancellationScope scope = CancellationScope.current();
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
