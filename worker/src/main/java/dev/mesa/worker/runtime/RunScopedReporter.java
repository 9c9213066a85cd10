package dev.mesa.worker.runtime;

import com.uber.m3.tally.Buckets;
import com.uber.m3.tally.Capabilities;
import com.uber.m3.tally.StatsReporter;
import com.uber.m3.util.Duration;
import dev.mesa.activities.metrics.GaugeBoard;
import dev.mesa.activities.metrics.MetricNames;
import io.micrometer.core.instrument.Tags;

import java.util.Map;

/**
 * The Temporal SDK's metrics reporter, except for gauges that carry a {@code run} tag (the sweep gauges the
 * workflows publish): those go to a {@link GaugeBoard}, which removes a run's series once the run was idle for the
 * retention period. The SDK's own reporter keeps every gauge it registered forever, and would never show a removed
 * one again.
 */
final class RunScopedReporter implements StatsReporter {
    private final StatsReporter sdk;
    private final GaugeBoard runGauges;

    RunScopedReporter(StatsReporter sdk, GaugeBoard runGauges) {
        this.sdk = sdk;
        this.runGauges = runGauges;
    }

    @Override
    public void reportGauge(String name, Map<String, String> tags, double value) {
        if (tags.containsKey(MetricNames.RUN)) {
            Tags micrometer = Tags.empty();
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                micrometer = micrometer.and(tag.getKey(), tag.getValue());
            }
            runGauges.set(name, micrometer, value);
        } else {
            sdk.reportGauge(name, tags, value);
        }
    }

    @Override
    public void reportCounter(String name, Map<String, String> tags, long value) {
        sdk.reportCounter(name, tags, value);
    }

    @Override
    public void reportTimer(String name, Map<String, String> tags, Duration interval) {
        sdk.reportTimer(name, tags, interval);
    }

    @Override
    public void reportHistogramValueSamples(String name, Map<String, String> tags, Buckets buckets,
                                            double bucketLowerBound, double bucketUpperBound, long samples) {
        sdk.reportHistogramValueSamples(name, tags, buckets, bucketLowerBound, bucketUpperBound, samples);
    }

    @Override
    public void reportHistogramDurationSamples(String name, Map<String, String> tags, Buckets buckets,
                                               Duration bucketLowerBound, Duration bucketUpperBound, long samples) {
        sdk.reportHistogramDurationSamples(name, tags, buckets, bucketLowerBound, bucketUpperBound, samples);
    }

    @Override
    public Capabilities capabilities() {
        return sdk.capabilities();
    }

    @Override
    public void flush() {
        sdk.flush();
    }

    @Override
    public void close() {
        runGauges.stopExpiry();
        sdk.close();
    }
}
