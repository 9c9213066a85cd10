package dev.mesa.worker.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flag, then MESA_*, then the Temporal CLI's TEMPORAL_* and temporal.toml, then the default, setting by setting. */
class ConnectionSourcesTest {
    @TempDir
    Path tmp;

    private static final ConnectionSources.Flags NONE = new ConnectionSources.Flags(null, null, null, null, null, null);

    /** An environment that reads no real configuration file. */
    private Map<String, String> env(String... pairs) throws IOException {
        Map<String, String> env = new HashMap<>();
        Path empty = tmp.resolve("empty.toml");
        Files.writeString(empty, "[profile.default]\n");
        env.put("TEMPORAL_CONFIG_FILE", empty.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void nothingGivenMeansTheLocalDevServer() throws IOException {
        ConnectionSettings s = ConnectionSources.resolve(NONE, env());
        assertEquals("127.0.0.1:7233", s.address());
        assertEquals("default", s.namespace());
        assertFalse(s.tls());
        assertNull(s.apiKey());
    }

    @Test
    void theTemporalCliVariablesAreRead() throws IOException {
        ConnectionSettings s = ConnectionSources.resolve(NONE, env("TEMPORAL_ADDRESS", "temporal.example:7233",
                "TEMPORAL_NAMESPACE", "research", "TEMPORAL_API_KEY", "k-cli", "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
                "/etc/ca.pem"));
        assertEquals("temporal.example:7233", s.address());
        assertEquals("research", s.namespace());
        assertEquals("k-cli", s.apiKey());
        assertEquals(Path.of("/etc/ca.pem"), s.tlsCa());
        assertTrue(s.tls());
    }

    @Test
    void temporalTlsAloneTurnsTlsOn() throws IOException {
        assertTrue(ConnectionSources.resolve(NONE, env("TEMPORAL_TLS", "true")).tls());
    }

    @Test
    void mesaVariablesWinOverTheCliOnesAndFlagsOverBoth() throws IOException {
        Map<String, String> env = env("TEMPORAL_ADDRESS", "cli:7233", "MESA_TEMPORAL_ADDRESS", "mesa:7233",
                "TEMPORAL_NAMESPACE", "cli-ns", "TEMPORAL_API_KEY", "k-cli", "MESA_TEMPORAL_API_KEY", "k-mesa");
        ConnectionSettings fromEnv = ConnectionSources.resolve(NONE, env);
        assertEquals("mesa:7233", fromEnv.address());
        assertEquals("cli-ns", fromEnv.namespace(), "no MESA_TEMPORAL_NAMESPACE: the CLI's");
        assertEquals("k-mesa", fromEnv.apiKey());
        ConnectionSettings flagged = ConnectionSources.resolve(new ConnectionSources.Flags("flag:7233", "flag-ns", null,
                null, null, "k-flag"), env);
        assertEquals("flag:7233", flagged.address());
        assertEquals("flag-ns", flagged.namespace());
        assertEquals("k-flag", flagged.apiKey());
    }

    @Test
    void aProfileOfTheCliConfigurationFileIsRead() throws IOException {
        Path toml = tmp.resolve("temporal.toml");
        Files.writeString(toml, """
                [profile.default]
                address = "file-default:7233"
                [profile.lab]
                address = "file-lab:7233"
                namespace = "lab"
                """);
        assertEquals("file-default:7233", ConnectionSources.resolve(NONE, Map.of("TEMPORAL_CONFIG_FILE",
                toml.toString())).address());
        ConnectionSettings lab = ConnectionSources.resolve(NONE, Map.of("TEMPORAL_CONFIG_FILE", toml.toString(),
                "TEMPORAL_PROFILE", "lab"));
        assertEquals("file-lab:7233", lab.address());
        assertEquals("lab", lab.namespace());
        assertEquals("env-wins:7233", ConnectionSources.resolve(NONE, Map.of("TEMPORAL_CONFIG_FILE", toml.toString(),
                "TEMPORAL_ADDRESS", "env-wins:7233")).address(), "the variables override the file");
    }

    @Test
    void metricsRetentionAcceptsShortAndIsoDurations() {
        assertEquals(Duration.ofHours(1), MetricsRetention.parse(Map.of()));
        assertEquals(Duration.ofSeconds(90), MetricsRetention.parse(Map.of(MetricsRetention.ENV, "90s")));
        assertEquals(Duration.ofMinutes(30), MetricsRetention.parse(Map.of(MetricsRetention.ENV, "30m")));
        assertEquals(Duration.ofHours(2), MetricsRetention.parse(Map.of(MetricsRetention.ENV, "PT2H")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricsRetention.parse(Map.of(MetricsRetention.ENV, "soon")));
        assertTrue(e.getMessage().contains(MetricsRetention.ENV), e.getMessage());
    }
}
