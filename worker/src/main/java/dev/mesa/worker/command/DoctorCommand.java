package dev.mesa.worker.command;

import dev.mesa.worker.doctor.DirectoryState;
import dev.mesa.worker.doctor.DoctorReport;
import dev.mesa.worker.doctor.LoadedLibraries;
import dev.mesa.worker.doctor.TemporalReachability;
import dev.mesa.worker.runtime.DeviceCheck;
import dev.mesa.worker.runtime.EngineFacts;
import dev.mesa.worker.runtime.WorkerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code mesa doctor}: checks what a worker with the same options would need (the engine and its natives, the
 * device, allocator, threads, store and cache, the Temporal service) and exits 0 when nothing stops it, 1 otherwise.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check what a worker with these options needs: PyTorch engine and natives (CPU or CUDA), GPUs,"
                + " the device (one tensor operation), allocator, threads, store and cache, DJL offline, and whether"
                + " the Temporal service answers.",
                "Takes the options of mesa worker. Exit code 0: nothing stops a worker; 1: a problem (listed)."})
public final class DoctorCommand implements Callable<Integer> {
    /** Per call to the service: a closed port answers at once, a filtered one would hang without a deadline. */
    private static final Duration TEMPORAL_TIMEOUT = Duration.ofSeconds(5);

    @Mixin
    ConnectionOptions connection;

    @Mixin
    WorkerOptions worker;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        WorkerSettings settings = worker.settings();
        worker.layout().applyTorchThreads(); // the threads a worker with these options would run on
        EngineFacts engine = null;
        String engineError = null;
        try {
            engine = EngineFacts.read();
        } catch (RuntimeException e) {
            engineError = e.getMessage();
        }
        boolean addressNamed = spec.commandLine().getParseResult().hasMatchedOption("--address")
                || System.getenv("MESA_TEMPORAL_ADDRESS") != null;
        DoctorReport report = DoctorReport.of(new DoctorReport.Facts(engine, engineError, settings.device(),
                engine == null ? null : DeviceCheck.problem(settings.device()).orElse(null), LoadedLibraries.current(),
                DoctorReport.settingsOf(System.getenv(), System.getProperties()),
                Runtime.getRuntime().availableProcessors(), DirectoryState.inspect(settings.store()),
                DirectoryState.inspect(settings.cache()),
                TemporalReachability.probe(connection.settings(), addressNamed, TEMPORAL_TIMEOUT)));
        PrintWriter out = spec.commandLine().getOut();
        out.println("mesa doctor");
        report.print(out);
        return report.exitCode();
    }
}
