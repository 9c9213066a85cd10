package dev.mesa.workflows;

import io.temporal.workflow.Workflow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** A workflow's progress state: the current stage and the status and timing of each unit of work. */
final class ProgressTracker {
    private static final class Unit {
        final String kind;
        String status = "pending";
        long startedAt;
        long durationMillis = -1;

        Unit(String kind) {
            this.kind = kind;
        }
    }

    private final Map<String, Unit> units = new LinkedHashMap<>();
    private final Map<String, Long> stageMillis = new LinkedHashMap<>();
    private final int parallelism;
    private final long startedAt;
    private String stage = "starting";
    private long stageStartedAt;
    private Consumer<Progress> changeListener = p -> { };

    /** Create from workflow code only: reads the workflow clock. */
    ProgressTracker(int parallelism) {
        this.parallelism = Math.max(1, parallelism);
        this.startedAt = Workflow.currentTimeMillis();
        this.stageStartedAt = startedAt;
    }

    /** Called with a fresh snapshot whenever a unit starts or finishes (metrics). */
    void onChange(Consumer<Progress> listener) {
        changeListener = listener;
    }

    void stage(String name) {
        long now = Workflow.currentTimeMillis();
        stageMillis.merge(stage, now - stageStartedAt, Long::sum);
        stage = name;
        stageStartedAt = now;
    }

    /** Workflow time spent in each stage so far, in the order the stages began (the current one up to now). */
    Map<String, Long> stageMillis() {
        Map<String, Long> copy = new LinkedHashMap<>(stageMillis);
        copy.merge(stage, Workflow.currentTimeMillis() - stageStartedAt, Long::sum);
        return copy;
    }

    String stage() {
        return stage;
    }

    void plan(String unit, String kind) {
        units.putIfAbsent(unit, new Unit(kind));
    }

    void started(String unit) {
        Unit u = units.get(unit);
        u.status = "running";
        u.startedAt = Workflow.currentTimeMillis();
        changeListener.accept(snapshot());
    }

    void finished(String unit, String status) {
        Unit u = units.get(unit);
        u.status = status;
        u.durationMillis = Workflow.currentTimeMillis() - u.startedAt;
        changeListener.accept(snapshot());
    }

    /** A unit completed by an earlier run (before continue-as-new), with its measured duration. */
    void carried(String unit, String status, long durationMillis) {
        Unit u = units.get(unit);
        u.status = status;
        u.durationMillis = durationMillis;
        changeListener.accept(snapshot());
    }

    Progress snapshot() {
        long now = Workflow.currentTimeMillis();
        Map<String, String> statuses = new LinkedHashMap<>();
        int done = 0;
        int running = 0;
        for (Map.Entry<String, Unit> e : units.entrySet()) {
            statuses.put(e.getKey(), e.getValue().status);
            if (e.getValue().durationMillis >= 0) {
                done++;
            } else if (e.getValue().status.equals("running")) {
                running++;
            }
        }
        return new Progress(stage, done, units.size(), running, statuses, now - startedAt, eta(now), stageMillis());
    }

    private Long eta(long now) {
        Double overall = meanDuration(null);
        if (overall == null) {
            return null;
        }
        double work = 0;
        int open = 0;
        for (Unit u : units.values()) {
            if (u.durationMillis >= 0) {
                continue;
            }
            Double mean = meanDuration(u.kind);
            double expected = mean != null ? mean : overall;
            work += u.status.equals("running") ? Math.max(0, expected - (now - u.startedAt)) : expected;
            open++;
        }
        return open == 0 ? 0L : Math.round(work / Math.min(parallelism, open));
    }

    private Double meanDuration(String kind) {
        long sum = 0;
        int n = 0;
        for (Unit u : units.values()) {
            if (u.durationMillis >= 0 && (kind == null || kind.equals(u.kind))) {
                sum += u.durationMillis;
                n++;
            }
        }
        return n == 0 ? null : (double) sum / n;
    }
}
