package dev.mesa.worker.runtime;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import dev.mesa.activities.metrics.GaugeBoard;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.temporal.common.reporter.MicrometerClientStatsReporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The process's metrics: one Prometheus registry holding the domain metrics (recorded by the activities), the
 * Temporal SDK's metrics (through {@link MicrometerClientStatsReporter}; the workflows' sweep gauges, labelled by
 * run, through {@link RunScopedReporter}, which drops a run's series after the {@link MetricsRetention}) and
 * JVM/process metrics (and the resident set size), served as Prometheus text at {@code http://<bind>/metrics}.
 * docs/METRICS.md is the contract of the names.
 */
public final class MetricsEndpoint implements AutoCloseable {
    /**
     * The SDK's activity latency histograms end at Micrometer's default 30 s while training attempts run for hours:
     * their buckets reach 12 h, the longest start-to-close timeout of ActivityOptionsCatalog (docs/METRICS.md).
     */
    private static final MeterFilter ACTIVITY_TIMERS_UP_TO_12_HOURS = new MeterFilter() {
        @Override
        public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
            if (!id.getName().startsWith("temporal_activity_")) {
                return config;
            }
            return DistributionStatisticConfig.builder()
                    .maximumExpectedValue((double) Duration.ofHours(12).toNanos()).build().merge(config);
        }
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Scope temporalScope;
    private final HTTPServer server;

    private MetricsEndpoint(HostAndPort bind) {
        registry.config().meterFilter(ACTIVITY_TIMERS_UP_TO_12_HOURS);
        ProcessMemory.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        temporalScope = new RootScopeBuilder().reporter(new RunScopedReporter(new MicrometerClientStatsReporter(registry),
                        new GaugeBoard(registry, MetricsRetention.fromEnvironment(), System::nanoTime)))
                .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
        try {
            server = HTTPServer.builder().hostname(bind.host()).port(bind.port())
                    .registry(registry.getPrometheusRegistry()).buildAndStart();
        } catch (IOException e) {
            closeScope();
            throw new UncheckedIOException("cannot serve metrics on " + bind + ": " + e.getMessage()
                    + " (choose another --metrics-bind)", e);
        }
    }

    /** Starts serving on {@code bind} ({@code host:port}; port 0 picks a free one). */
    public static MetricsEndpoint start(HostAndPort bind) {
        return new MetricsEndpoint(bind);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The scope to give the Temporal service stubs and worker factory. */
    public Scope temporalScope() {
        return temporalScope;
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
        gcMetrics.close();
        closeScope();
    }

    /** Flushes the SDK's last metrics and closes the scope (its reporter closes the registry). */
    private void closeScope() {
        try {
            temporalScope.close();
        } catch (ScopeCloseException e) {
            throw new IllegalStateException("cannot close the Temporal metrics scope: " + e.getMessage(), e);
        }
    }
}
