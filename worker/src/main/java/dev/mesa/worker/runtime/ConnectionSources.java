package dev.mesa.worker.runtime;

import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigProfileOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides the connection settings, one setting at a time, from (first that is set wins):
 * <ol>
 *   <li>the command-line flag ({@code --address}, {@code --namespace}, {@code --tls-cert}, {@code --tls-key},
 *       {@code --tls-ca}, {@code --api-key});</li>
 *   <li>mesa's environment variables ({@code MESA_TEMPORAL_ADDRESS}, {@code MESA_TEMPORAL_NAMESPACE},
 *       {@code MESA_TEMPORAL_API_KEY});</li>
 *   <li>the Temporal CLI's own settings, read by the SDK's {@code temporal-envconfig}: {@code TEMPORAL_ADDRESS},
 *       {@code TEMPORAL_NAMESPACE}, {@code TEMPORAL_API_KEY}, {@code TEMPORAL_TLS}, {@code TEMPORAL_TLS_CLIENT_CERT_PATH},
 *       {@code TEMPORAL_TLS_CLIENT_KEY_PATH}, {@code TEMPORAL_TLS_SERVER_CA_CERT_PATH}, and the profile
 *       ({@code TEMPORAL_PROFILE}) of its configuration file ({@code TEMPORAL_CONFIG_FILE}, by default
 *       {@code ~/.config/temporalio/temporal.toml}), the variables overriding the file;</li>
 *   <li>the defaults: {@code 127.0.0.1:7233}, namespace {@code default}, no TLS.</li>
 * </ol>
 */
public final class ConnectionSources {
    public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
    public static final String DEFAULT_NAMESPACE = "default";

    /** What the flags said (null: not given). */
    public record Flags(String address, String namespace, Path tlsCert, Path tlsKey, Path tlsCa, String apiKey) {}

    private ConnectionSources() {}

    public static ConnectionSettings resolve(Flags flags) {
        return resolve(flags, System.getenv());
    }

    /** With {@code env} in place of the process environment (tests). */
    static ConnectionSettings resolve(Flags flags, Map<String, String> env) {
        ClientConfigProfile cli = temporalCli(env);
        ClientConfigTLS tls = cli.getTls();
        Path cert = first(flags.tlsCert(), tls != null ? path(tls.getClientCertPath()) : null);
        Path key = first(flags.tlsKey(), tls != null ? path(tls.getClientKeyPath()) : null);
        Path ca = first(flags.tlsCa(), tls != null ? path(tls.getServerCACertPath()) : null);
        if (tls != null && (tls.getClientCertData() != null || tls.getClientKeyData() != null
                || tls.getServerCACertData() != null)) {
            throw new IllegalArgumentException("the Temporal CLI settings give TLS certificates as data: give mesa their"
                    + " files instead (--tls-cert/--tls-key/--tls-ca or TEMPORAL_TLS_*_PATH)");
        }
        boolean tlsRequested = tls != null && !Boolean.TRUE.equals(tls.isDisabled());
        return new ConnectionSettings(
                first(flags.address(), env.get("MESA_TEMPORAL_ADDRESS"), cli.getAddress(), DEFAULT_ADDRESS),
                first(flags.namespace(), env.get("MESA_TEMPORAL_NAMESPACE"), cli.getNamespace(), DEFAULT_NAMESPACE),
                cert, key, ca, first(flags.apiKey(), env.get("MESA_TEMPORAL_API_KEY"), cli.getApiKey()),
                tlsRequested);
    }

    private static ClientConfigProfile temporalCli(Map<String, String> env) {
        try {
            return ClientConfigProfile.load(LoadClientConfigProfileOptions.newBuilder().setEnvOverrides(env).build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Temporal CLI configuration: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the Temporal CLI settings (TEMPORAL_* variables or temporal.toml) are"
                    + " not valid: " + e.getMessage(), e);
        }
    }

    private static Path path(String text) {
        return text == null || text.isBlank() ? null : Path.of(text);
    }

    @SafeVarargs
    private static <T> T first(T... candidates) {
        for (T c : candidates) {
            if (c != null && !(c instanceof String s && s.isBlank())) {
                return c;
            }
        }
        return null;
    }
}
