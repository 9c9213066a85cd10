package dev.mesa.worker.command;

import dev.mesa.worker.runtime.ConnectionSettings;
import dev.mesa.worker.runtime.DevServer;
import dev.mesa.worker.runtime.DeviceCheck;
import dev.mesa.worker.runtime.HostAndPort;
import dev.mesa.worker.runtime.MesaWorker;
import dev.mesa.worker.runtime.MetricsEndpoint;
import dev.mesa.worker.runtime.TemporalConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code mesa dev}: an embedded Temporal dev server (in memory), a worker and the metrics endpoint in one process,
 * so {@code mesa run} and the Temporal CLI ({@code temporal workflow start --address 127.0.0.1:7233 ...}) can use it.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Run an embedded Temporal dev server, a worker and the metrics endpoint until stopped.")
public final class DevCommand implements Callable<Integer> {
    @Mixin
    WorkerOptions worker;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address the dev server binds (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "7233", description = "dev server port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--metrics-bind", defaultValue = "127.0.0.1:9464",
            description = "host:port of the Prometheus endpoint /metrics (default: ${DEFAULT-VALUE})")
    String metricsBind;

    @Option(names = "--no-worker", description = "run the dev server alone (workers run as separate `mesa worker`"
            + " processes, as the soak in bench/ does)")
    boolean noWorker;

    @Override
    public Integer call() {
        var settings = worker.settings();
        var layout = worker.layout();
        layout.applyTorchThreads(); // before the engine's first use
        DeviceCheck.require(settings.device()); // before any port is bound
        System.err.println("mesa: layout " + layout.describe());
        DevServer server = DevServer.start(new HostAndPort(host, port));
        if (noWorker) {
            System.err.println("mesa dev: Temporal dev server on " + server.target() + " (namespace "
                    + DevServer.NAMESPACE + ", history in memory), no worker (Ctrl-C to stop)");
            ProcessLifetime.awaitShutdown(server);
            return 0;
        }
        MetricsEndpoint metrics = MetricsEndpoint.start(HostAndPort.parse("--metrics-bind", metricsBind));
        TemporalConnection temporal = TemporalConnection.open(ConnectionSettings.plain(server.target(), "default"),
                metrics.temporalScope());
        MesaWorker running = MesaWorker.start(temporal.client(), settings, layout, metrics.registry());
        System.err.println("mesa dev: Temporal dev server on " + server.target() + " (namespace default, history in"
                + " memory), worker on task queue " + settings.taskQueue() + ", artifact store " + settings.store()
                + ", metrics on http://" + metricsBind + "/metrics (Ctrl-C to stop)");
        ProcessLifetime.awaitShutdown(() -> {
            running.close();
            temporal.close();
            metrics.close();
            server.close();
        });
        return 0;
    }
}
