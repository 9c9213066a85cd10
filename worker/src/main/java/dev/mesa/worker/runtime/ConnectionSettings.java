package dev.mesa.worker.runtime;

import java.nio.file.Path;

/**
 * Where the Temporal service is and how to authenticate: plain (dev server), mutual TLS with a client certificate
 * and key (self-hosted clusters, Temporal Cloud with certificates; {@code tlsCa} for a private CA), or an API key
 * (Temporal Cloud; implies TLS with the system trust store).
 */
public record ConnectionSettings(String address, String namespace, Path tlsCert, Path tlsKey, Path tlsCa,
                                 String apiKey) {
    public ConnectionSettings {
        HostAndPort.parse("--address", address);
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
    }

    public static ConnectionSettings plain(String address, String namespace) {
        return new ConnectionSettings(address, namespace, null, null, null, null);
    }

    public boolean tls() {
        return tlsCert != null || tlsCa != null || apiKey != null;
    }
}
