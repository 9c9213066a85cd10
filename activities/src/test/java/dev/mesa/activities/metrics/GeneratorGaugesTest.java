package dev.mesa.activities.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The generator gauges carry the run: two sweeps training the same (class, β) at once keep separate series, and a
 * finished run's generator series go with its other series after the retention.
 */
class GeneratorGaugesTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong now = new AtomicLong();
    private final GaugeBoard board = new GaugeBoard(registry, Duration.ofMinutes(60), now::get);
    private final MesaMetrics metrics = new MesaMetrics(registry, board);

    private Double testing(String run) {
        var gauge = registry.find(MetricNames.GENERATOR_TESTING_FUNCTION).tag(MetricNames.RUN, run)
                .tag("target_class", "0").tag("beta", "0.9").gauge();
        return gauge == null ? null : gauge.value();
    }

    @Test
    void twoRunsKeepSeparateGeneratorSeriesAndAFinishedRunsExpire() {
        metrics.generatorTraining("sweep/a", 0, 0.9, 0.2, 0.7, -0.01, 0.5);
        metrics.generatorResult("sweep/b", 0, 0.9, 0.95, 1.0, 0.02);
        assertEquals(0.7, testing("sweep/a"));
        assertEquals(0.95, testing("sweep/b"), "the second sweep does not overwrite the first");
        assertEquals(0.2, registry.get(MetricNames.GENERATOR_HINGE_LOSS).tag(MetricNames.RUN, "sweep/a").gauge().value());
        assertEquals(0.0, registry.get(MetricNames.GENERATOR_HINGE_LOSS).tag(MetricNames.RUN, "sweep/b").gauge().value(),
                "E[F] above β: no hinge left");

        now.addAndGet(Duration.ofMinutes(30).toNanos());
        metrics.generatorResult("sweep/b", 0, 0.9, 0.96, 1.0, 0.02);
        now.addAndGet(Duration.ofMinutes(40).toNanos());
        board.expireIdleRuns();
        assertNull(testing("sweep/a"), "sweep/a was idle for 70 minutes");
        assertEquals(0.96, testing("sweep/b"));
        board.stopExpiry();
    }

    @Test
    void aGeneratorTrainedOutsideAnyRunIsLabelledNone() {
        metrics.generatorResult(null, 1, 0.5, 0.6, 0.7, 0.0);
        board.stopExpiry();
        assertEquals(0.6, registry.get(MetricNames.GENERATOR_TESTING_FUNCTION).tag(MetricNames.RUN, VariantLabels.NONE)
                .tag("target_class", "1").tag("beta", "0.5").gauge().value());
    }
}
