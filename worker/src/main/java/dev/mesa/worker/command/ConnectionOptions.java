package dev.mesa.worker.command;

import dev.mesa.worker.runtime.ConnectionSettings;
import dev.mesa.worker.runtime.ConnectionSources;
import dev.mesa.worker.runtime.ServiceProbe;
import dev.mesa.worker.runtime.TemporalConnection;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Options naming the Temporal service: address, namespace, TLS client certificate or API key. A flag that is not
 * given falls back to mesa's variables, then to the Temporal CLI's ({@link ConnectionSources}).
 */
public final class ConnectionOptions {
    @Option(names = "--address", description = "Temporal frontend host:port (default: MESA_TEMPORAL_ADDRESS, TEMPORAL_ADDRESS,"
            + " else " + ConnectionSources.DEFAULT_ADDRESS + ")")
    String address;

    @Option(names = "--namespace", description = "Temporal namespace (default: MESA_TEMPORAL_NAMESPACE, TEMPORAL_NAMESPACE,"
            + " else " + ConnectionSources.DEFAULT_NAMESPACE + ")")
    String namespace;

    @Option(names = "--tls-cert", description = "client certificate (PEM) for mutual TLS (default: TEMPORAL_TLS_CLIENT_CERT_PATH)")
    Path tlsCert;

    @Option(names = "--tls-key", description = "client private key (PKCS#8 PEM) for mutual TLS (default: TEMPORAL_TLS_CLIENT_KEY_PATH)")
    Path tlsKey;

    @Option(names = "--tls-ca", description = "CA certificate (PEM) to trust instead of the system's (default:"
            + " TEMPORAL_TLS_SERVER_CA_CERT_PATH)")
    Path tlsCa;

    @Option(names = "--api-key", description = "API key (Temporal Cloud; default: MESA_TEMPORAL_API_KEY, TEMPORAL_API_KEY);"
            + " implies TLS")
    String apiKey;

    public ConnectionSettings settings() {
        return ConnectionSources.resolve(new ConnectionSources.Flags(address, namespace, tlsCert, tlsKey, tlsCa, apiKey));
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
