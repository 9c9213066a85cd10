package dev.mesa.worker.runtime;

import java.nio.file.Path;

/**
 * Where the Temporal service is and how to authenticate: plain (dev server), mutual TLS with a client certificate
 * and key (self-hosted clusters, Temporal Cloud with certificates; {@code tlsCa} for a private CA), an API key
 * (Temporal Cloud; implies TLS with the system trust store), or TLS alone ({@code tlsRequested}: the server's
 * certificate checked against the system trust store). {@link ConnectionSources} decides them from the flags and the
 * environment.
 */
public record ConnectionSettings(String address, String namespace, Path tlsCert, Path tlsKey, Path tlsCa,
                                 String apiKey, boolean tlsRequested) {
    public ConnectionSettings {
        HostAndPort.parse("--address", address);
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
    }

    public ConnectionSettings(String address, String namespace, Path tlsCert, Path tlsKey, Path tlsCa, String apiKey) {
        this(address, namespace, tlsCert, tlsKey, tlsCa, apiKey, false);
    }

    public static ConnectionSettings plain(String address, String namespace) {
        return new ConnectionSettings(address, namespace, null, null, null, null, false);
    }

    public boolean tls() {
        return tlsRequested || tlsCert != null || tlsCa != null || apiKey != null;
    }
}
