package dev.mesa.worker.command;

import dev.mesa.worker.runtime.ConnectionSettings;
import dev.mesa.worker.runtime.ServiceProbe;
import dev.mesa.worker.runtime.TemporalConnection;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options naming the Temporal service: address, namespace, TLS client certificate or API key. */
public final class ConnectionOptions {
    @Option(names = "--address", defaultValue = "${env:MESA_TEMPORAL_ADDRESS:-127.0.0.1:7233}",
            description = "Temporal frontend host:port (default: ${DEFAULT-VALUE}; env MESA_TEMPORAL_ADDRESS)")
    String address;

    @Option(names = "--namespace", defaultValue = "${env:MESA_TEMPORAL_NAMESPACE:-default}",
            description = "Temporal namespace (default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(names = "--tls-cert", description = "client certificate (PEM) for mutual TLS")
    Path tlsCert;

    @Option(names = "--tls-key", description = "client private key (PKCS#8 PEM) for mutual TLS")
    Path tlsKey;

    @Option(names = "--tls-ca", description = "CA certificate (PEM) to trust instead of the system's")
    Path tlsCa;

    @Option(names = "--api-key", defaultValue = "${env:MESA_TEMPORAL_API_KEY}",
            description = "API key (Temporal Cloud; env MESA_TEMPORAL_API_KEY); implies TLS")
    String apiKey;

    public ConnectionSettings settings() {
        return new ConnectionSettings(address, namespace, tlsCert, tlsKey, tlsCa,
                apiKey == null || apiKey.isBlank() ? null : apiKey);
    }

    /**
     * A client's connection (no metrics) to a service that answered a first call: a command fails within
     * {@link ServiceProbe#DEADLINE} when nothing answers at {@code --address}.
     */
    TemporalConnection openClient() {
        ConnectionSettings settings = settings();
        TemporalConnection temporal = TemporalConnection.open(settings, null);
        try {
            ServiceProbe.requireReachable(temporal.client().getWorkflowServiceStubs(), settings.address());
            return temporal;
        } catch (RuntimeException e) {
            temporal.close();
            throw e;
        }
    }
}
