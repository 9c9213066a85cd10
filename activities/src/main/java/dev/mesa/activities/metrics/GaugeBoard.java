package dev.mesa.activities.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Settable gauges: each (name, tags) is registered once and then shows the last value set. Gauges that carry a
 * {@value MetricNames#RUN} tag belong to that run: once nothing of the run was set for the retention period, every
 * series of the run is removed from the registry (a finished sweep's ASR gauges do not live until the worker
 * restarts); a run that reports again gets its gauges back. Expiry runs every tenth of the retention (at most
 * every minute) on one daemon thread shared by all boards.
 */
public final class GaugeBoard {
    private static final ScheduledExecutorService JANITOR = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mesa-metrics-retention");
        t.setDaemon(true);
        return t;
    });

    private record GaugeKey(String name, Tags tags) {}

    private final MeterRegistry registry;
    private final Duration retention;
    private final LongSupplier nanoClock;
    private final Map<GaugeKey, AtomicReference<Double>> values = new ConcurrentHashMap<>();
    private final Map<GaugeKey, Gauge> meters = new ConcurrentHashMap<>();
    private final Map<String, Long> lastUpdate = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> expiry;

    /**
     * @param retention how long a run's gauges stay after its last update
     * @param nanoClock {@link System#nanoTime} (tests pass their own and call {@link #expireIdleRuns()})
     */
    public GaugeBoard(MeterRegistry registry, Duration retention, LongSupplier nanoClock) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("the metrics retention must be positive, got " + retention);
        }
        this.registry = registry;
        this.retention = retention;
        this.nanoClock = nanoClock;
        long period = Math.max(1_000, Math.min(retention.toMillis() / 10, 60_000));
        WeakReference<GaugeBoard> self = new WeakReference<>(this);
        this.expiry = JANITOR.scheduleWithFixedDelay(() -> {
            GaugeBoard board = self.get();
            if (board != null) {
                board.expireIdleRuns();
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    public synchronized void set(String name, Tags tags, double value) {
        String run = runOf(tags);
        if (run != null) {
            lastUpdate.put(run, nanoClock.getAsLong());
        }
        values.computeIfAbsent(new GaugeKey(name, tags), key -> {
            AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
            meters.put(key, Gauge.builder(name, holder, AtomicReference::get).tags(tags).strongReference(true)
                    .register(registry));
            return holder;
        }).set(value);
    }

    /** Removes the series of every run that was not updated for the retention period; returns how many. */
    public synchronized int expireIdleRuns() {
        long now = nanoClock.getAsLong();
        int removed = 0;
        for (Map.Entry<String, Long> run : lastUpdate.entrySet()) {
            if (now - run.getValue() < retention.toNanos()) {
                continue;
            }
            lastUpdate.remove(run.getKey(), run.getValue());
            for (GaugeKey key : meters.keySet()) {
                if (run.getKey().equals(runOf(key.tags()))) {
                    values.remove(key);
                    Gauge gauge = meters.remove(key);
                    if (gauge != null) {
                        registry.remove(gauge);
                        removed++;
                    }
                }
            }
        }
        return removed;
    }

    /** Stops the periodic expiry (the board keeps working; {@link #expireIdleRuns()} can still be called). */
    public void stopExpiry() {
        expiry.cancel(false);
    }

    private static String runOf(Tags tags) {
        for (Tag tag : tags) {
            if (tag.getKey().equals(MetricNames.RUN)) {
                return tag.getValue();
            }
        }
        return null;
    }
}
