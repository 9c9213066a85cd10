package dev.mesa.worker.command;

import dev.mesa.worker.MesaCli;
import dev.mesa.model.DeviceSpec;
import dev.mesa.worker.runtime.EngineFacts;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --device} on the real command line: {@code gpu:1} parses for every command that starts a worker, a bad name
 * is a usage error, and a GPU the engine does not see stops {@code worker}, {@code dev} and {@code demo} with exit
 * code 2 and the reason before they bind a port or poll. The missing GPU is the one past those the engine sees, so
 * this holds on machines with GPUs too. The timeout only guards against a check that lets the command run forever.
 */
class DeviceOptionTest {
    private static final Duration GUARD = Duration.ofMinutes(2);
    private final StringWriter err = new StringWriter();

    private CommandLine cli() {
        CommandLine cli = MesaCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli;
    }

    private static <T> T parsed(Class<T> type, String... args) {
        return type.cast(MesaCli.commandLine().parseArgs(args).subcommand().commandSpec().userObject());
    }

    @Test
    void gpuOneParsesForEveryCommandThatStartsAWorker() {
        assertEquals(DeviceSpec.gpu(1), parsed(WorkerCommand.class, "worker", "--device", "gpu:1").worker.settings().device());
        assertEquals(DeviceSpec.gpu(1), parsed(DevCommand.class, "dev", "--device", "gpu:1").worker.settings().device());
        assertEquals(DeviceSpec.gpu(1), parsed(DemoCommand.class, "demo", "--device", "gpu:1").device);
        assertEquals(DeviceSpec.gpu(1), parsed(DoctorCommand.class, "doctor", "--device", "GPU:1").worker.settings().device());
    }

    @Test
    void theDefaultIsTheCpuUnlessMesaDeviceSaysOtherwise() {
        DeviceSpec expected = System.getenv("MESA_DEVICE") == null ? DeviceSpec.cpu()
                : DeviceSpec.parse(System.getenv("MESA_DEVICE"));
        assertEquals(expected, parsed(WorkerCommand.class, "worker").worker.settings().device());
    }

    @Test
    void aBadDeviceNameIsAUsageErrorListingTheAcceptedForms() {
        assertEquals(2, cli().execute("worker", "--device", "tpu"));
        assertTrue(err.toString().contains("Invalid value for option '--device': unknown device 'tpu': use "
                + DeviceSpec.FORMS), err.toString());
    }

    @Test
    void aMissingGpuStopsWorkerDevAndDemoWithTheReason() {
        String missing = DeviceSpec.gpu(EngineFacts.read().gpuCount()).toString();
        for (String[] args : new String[][] {
                {"worker", "--device", missing, "--metrics-bind", "127.0.0.1:0"},
                {"dev", "--device", missing, "--port", "0", "--metrics-bind", "127.0.0.1:0"},
                {"demo", "--device", missing, "--fresh"}}) {
            err.getBuffer().setLength(0);
            int exit = assertTimeoutPreemptively(GUARD, () -> cli().execute(args));
            assertEquals(MesaCli.USAGE_ERROR, exit, args[0] + ": " + err);
            assertTrue(err.toString().startsWith("mesa: --device " + missing + " asked for GPU "), args[0] + ": " + err);
            assertTrue(err.toString().contains("but the PyTorch engine sees"), args[0] + ": " + err);
        }
    }
}
