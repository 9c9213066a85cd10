package dev.mesa.worker.command;

import dev.mesa.worker.MesaCli;
import dev.mesa.worker.doctor.TemporalReachability;
import dev.mesa.worker.runtime.ConnectionSettings;
import dev.mesa.worker.runtime.DevServer;
import dev.mesa.model.DeviceSpec;
import dev.mesa.worker.runtime.EngineFacts;
import dev.mesa.worker.runtime.HostAndPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mesa doctor} end to end on this machine's engine: exit 0 with a reachable dev server, writable directories
 * and the CPU; exit 1 naming the problem for a GPU the engine does not see and for a named address nobody answers at.
 */
class DoctorCommandTest {
    private static DevServer server;
    @TempDir
    Path tmp;
    private final StringWriter out = new StringWriter();

    @BeforeAll
    static void startServer() {
        server = DevServer.start(new HostAndPort("127.0.0.1", 0));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** A port nothing listens on (just released). */
    private static String closedAddress() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    private int doctor(String... extra) {
        CommandLine cli = MesaCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        String[] args = new String[extra.length + 5];
        args[0] = "doctor";
        args[1] = "--store";
        args[2] = tmp.resolve("store").toString();
        args[3] = "--cache";
        args[4] = tmp.resolve("cache").toString();
        System.arraycopy(extra, 0, args, 5, extra.length);
        return cli.execute(args);
    }

    @Test
    void aCpuWorkerWithAReachableServerHasWhatItNeeds() {
        assertEquals(0, doctor("--address", server.target(), "--device", "cpu"), out.toString());
        String report = out.toString();
        assertTrue(report.contains("device    ok      cpu: a tensor operation ran on it"), report);
        assertTrue(report.contains("temporal  ok      " + server.target() + ", namespace default: reachable"), report);
        assertTrue(report.contains("store     ok      " + tmp.resolve("store") + ": missing, will be created, writable"),
                report);
        assertTrue(report.contains("mesa doctor: a worker with these options has what it needs"), report);
    }

    @Test
    void aMissingGpuIsAProblem() {
        DeviceSpec missing = DeviceSpec.gpu(EngineFacts.read().gpuCount());
        assertEquals(1, doctor("--address", server.target(), "--device", missing.toString()), out.toString());
        String report = out.toString();
        assertTrue(report.contains("device    PROBLEM --device " + missing + " asked for GPU"), report);
        assertTrue(report.contains("mesa doctor: 1 problem (device)"), report);
    }

    @Test
    void aNamedAddressWhereNothingAnswersIsAProblem() throws IOException {
        String closed = closedAddress();
        assertEquals(1, doctor("--address", closed), out.toString());
        assertTrue(out.toString().contains("temporal  PROBLEM " + closed + ", namespace default: no Temporal service"
                + " answers (UNAVAILABLE"), out.toString());
    }

    @Test
    void theProbeReportsBothOutcomes() throws IOException {
        TemporalReachability up = TemporalReachability.probe(ConnectionSettings.plain(server.target(), "default"), true,
                Duration.ofSeconds(5));
        assertTrue(up.reachable(), up.failure());
        assertNull(up.failure());
        TemporalReachability down = TemporalReachability.probe(ConnectionSettings.plain(closedAddress(), "default"),
                false, Duration.ofSeconds(5));
        assertFalse(down.reachable());
        assertNull(down.serverVersion());
        assertTrue(down.failure().startsWith("no Temporal service answers (UNAVAILABLE"), down.failure());
    }
}
