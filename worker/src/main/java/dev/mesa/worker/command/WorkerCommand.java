package dev.mesa.worker.command;

import dev.mesa.worker.runtime.ConnectionSettings;
import dev.mesa.worker.runtime.DeviceCheck;
import dev.mesa.worker.runtime.HostAndPort;
import dev.mesa.worker.runtime.MesaWorker;
import dev.mesa.worker.runtime.MetricsEndpoint;
import dev.mesa.worker.runtime.SearchAttributeRegistration;
import dev.mesa.worker.runtime.TemporalConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code mesa worker}: a worker for a real Temporal cluster (or Temporal Cloud), with the metrics endpoint. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run a worker (workflows and activities) against a Temporal service until stopped.")
public final class WorkerCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    WorkerOptions worker;

    @Option(names = "--metrics-bind", defaultValue = "0.0.0.0:9464",
            description = "host:port of the Prometheus endpoint /metrics (default: ${DEFAULT-VALUE})")
    String metricsBind;

    @Override
    public Integer call() {
        var settings = worker.settings();
        var layout = worker.layout();
        layout.applyTorchThreads(); // before the engine's first use
        DeviceCheck.require(settings.device()); // before any port is bound
        ConnectionSettings service = connection.settings();
        System.err.println("mesa: layout " + layout.describe());
        MetricsEndpoint metrics = MetricsEndpoint.start(HostAndPort.parse("--metrics-bind", metricsBind));
        TemporalConnection temporal = TemporalConnection.open(service, metrics.temporalScope());
        SearchAttributeRegistration.requireRegistered(temporal, service.namespace());
        MesaWorker running = MesaWorker.start(temporal.client(), settings, layout, metrics.registry());
        System.err.println("mesa worker: " + service.address() + " namespace " + service.namespace() + ", task queue "
                + settings.taskQueue() + ", metrics on http://" + metricsBind + "/metrics (Ctrl-C to stop)");
        ProcessLifetime.awaitShutdown(() -> {
            running.close();
            temporal.close();
            metrics.close();
        });
        return 0;
    }
}
