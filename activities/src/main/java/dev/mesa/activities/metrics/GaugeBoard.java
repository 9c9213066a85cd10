package dev.mesa.activities.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** Settable gauges: each (name, tags) is registered once and then shows the last value set. */
final class GaugeBoard {
    private record GaugeKey(String name, Tags tags) {}

    private final MeterRegistry registry;
    private final Map<GaugeKey, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    GaugeBoard(MeterRegistry registry) {
        this.registry = registry;
    }

    void set(String name, Tags tags, double value) {
        values.computeIfAbsent(new GaugeKey(name, tags), key -> {
            AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
            Gauge.builder(name, holder, AtomicReference::get).tags(tags).strongReference(true).register(registry);
            return holder;
        }).set(value);
    }
}
