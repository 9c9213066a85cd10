package dev.mesa.worker.doctor;

import dev.mesa.worker.doctor.DoctorReport.Facts;
import dev.mesa.worker.doctor.DoctorReport.Finding;
import dev.mesa.worker.doctor.DoctorReport.Level;
import dev.mesa.model.DeviceSpec;
import dev.mesa.worker.runtime.EngineFacts;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which findings are problems (exit 1), which are warnings (exit 0), from synthetic facts. */
class DoctorReportTest {
    private static final EngineFacts CPU_ENGINE = new EngineFacts("PyTorch", "2.7.1", "0.36.0",
            "/root/.djl.ai/pytorch/2.7.1-cpu", false, 0, null, 2, 1);
    private static final LoadedLibraries TCMALLOC = new LoadedLibraries(List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4.5.10"),
            Path.of("/root/.djl.ai/pytorch/2.7.1-cpu/libtorch_cpu.so")));
    private static final DirectoryState WRITABLE = new DirectoryState(Path.of("/srv/store"), true, null, 50L << 30);
    private static final TemporalReachability REACHABLE = new TemporalReachability("127.0.0.1:7233", "default", false,
            "1.27.1", null);

    private static Map<String, String> passiveOffline() {
        Map<String, String> settings = new HashMap<>();
        settings.put("ai.djl.offline", "true");
        settings.put("OMP_NUM_THREADS", "2");
        settings.put("OMP_WAIT_POLICY", "PASSIVE");
        return settings;
    }

    private static Facts healthy() {
        return new Facts(CPU_ENGINE, null, DeviceSpec.cpu(), null, TCMALLOC, passiveOffline(), 2, WRITABLE, WRITABLE,
                REACHABLE);
    }

    private static Finding finding(DoctorReport report, String topic) {
        return report.findings().stream().filter(f -> f.topic().equals(topic)).findFirst().orElseThrow();
    }

    private static String printed(DoctorReport report) {
        StringWriter out = new StringWriter();
        report.print(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void aHealthyCpuWorkerHasNoProblemAndNoWarning() {
        DoctorReport report = DoctorReport.of(healthy());
        assertEquals(0, report.exitCode());
        assertEquals(List.of(), report.at(Level.PROBLEM));
        assertEquals(List.of(), report.at(Level.WARNING));
        assertEquals(List.of("engine", "natives", "CUDA", "GPUs", "device", "allocator", "threads", "store", "cache",
                "offline", "temporal"), report.findings().stream().map(Finding::topic).toList());
        assertEquals("PyTorch 2.7.1 (libtorch) on DJL 0.36.0", finding(report, "engine").text());
        assertEquals("CPU build from /root/.djl.ai/pytorch/2.7.1-cpu (libtorch_cpu.so)", finding(report, "natives").text());
        assertEquals("none (CPU build)", finding(report, "CUDA").text());
        assertTrue(finding(report, "allocator").text().startsWith("tcmalloc ("));
        assertTrue(printed(report).endsWith("mesa doctor: a worker with these options has what it needs"
                + System.lineSeparator()));
    }

    @Test
    void aRequestedGpuTheEngineLacksIsAProblem() {
        Facts f = healthy();
        DoctorReport report = DoctorReport.of(new Facts(f.engine(), null, DeviceSpec.gpu(1), "--device gpu:1 asked for"
                + " GPU 1, but the PyTorch engine sees 0 GPUs", f.libraries(), f.settings(), f.cpus(), f.store(),
                f.cache(), f.temporal()));
        assertEquals(1, report.exitCode());
        assertEquals(Level.PROBLEM, finding(report, "device").level());
        assertTrue(printed(report).contains("mesa doctor: 1 problem (device)"));
    }

    @Test
    void anUnwritableStoreIsAProblemAndLowSpaceAWarning() {
        Facts f = healthy();
        DirectoryState readOnly = new DirectoryState(Path.of("/ro/store"), true, "not writable: AccessDeniedException", 1L << 40);
        DirectoryState nearlyFull = new DirectoryState(Path.of("/srv/cache"), true, null, 100L << 20);
        DoctorReport report = DoctorReport.of(new Facts(f.engine(), null, f.device(), null, f.libraries(), f.settings(),
                f.cpus(), readOnly, nearlyFull, f.temporal()));
        assertEquals(1, report.exitCode());
        assertEquals(Level.PROBLEM, finding(report, "store").level());
        assertEquals("/ro/store: not writable: AccessDeniedException", finding(report, "store").text());
        assertEquals(Level.WARNING, finding(report, "cache").level());
        assertTrue(finding(report, "cache").text().contains("0.1 GiB free"), finding(report, "cache").text());
    }

    @Test
    void anUnreachableAddressIsAProblemOnlyWhenTheUserNamedIt() {
        Facts f = healthy();
        String failure = "no Temporal service answers (UNAVAILABLE: io exception)";
        DoctorReport named = DoctorReport.of(new Facts(f.engine(), null, f.device(), null, f.libraries(), f.settings(),
                f.cpus(), f.store(), f.cache(), new TemporalReachability("temporal:7233", "default", true, null, failure)));
        assertEquals(1, named.exitCode());
        assertEquals("temporal:7233, namespace default: " + failure, finding(named, "temporal").text());
        DoctorReport byDefault = DoctorReport.of(new Facts(f.engine(), null, f.device(), null, f.libraries(),
                f.settings(), f.cpus(), f.store(), f.cache(),
                new TemporalReachability("127.0.0.1:7233", "default", false, null, failure)));
        assertEquals(0, byDefault.exitCode());
        assertEquals(Level.WARNING, finding(byDefault, "temporal").level());
    }

    @Test
    void glibcMallocSpinningThreadsAndOnlineDjlAreWarnings() {
        Facts f = healthy();
        Map<String, String> settings = new HashMap<>();
        settings.put("LD_PRELOAD", "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4");
        LoadedLibraries glibc = new LoadedLibraries(List.of(Path.of("/usr/lib/x86_64-linux-gnu/libc.so.6")));
        DoctorReport report = DoctorReport.of(new Facts(f.engine(), null, f.device(), null, glibc, settings, f.cpus(),
                f.store(), f.cache(), f.temporal()));
        assertEquals(0, report.exitCode());
        assertEquals(List.of("allocator", "threads", "offline"), report.at(Level.WARNING).stream().map(Finding::topic)
                .toList());
        assertTrue(finding(report, "allocator").text().contains("although LD_PRELOAD=/usr/lib/x86_64-linux-gnu/"
                + "libtcmalloc_minimal.so.4"), finding(report, "allocator").text());
        assertTrue(finding(report, "offline").text().startsWith("ai.djl.offline is unset"));
    }

    @Test
    void moreTorchThreadsThanCpusIsAWarning() {
        Facts f = healthy();
        DoctorReport report = DoctorReport.of(new Facts(f.engine(), null, f.device(), null, f.libraries(), f.settings(),
                1, f.store(), f.cache(), f.temporal()));
        assertEquals(Level.WARNING, finding(report, "threads").level());
        assertTrue(finding(report, "threads").text().endsWith("set -Dai.djl.pytorch.num_threads=1"));
    }

    @Test
    void aLibraryPathDjlIgnoredIsAProblemAndOneItUsedIsFine() {
        Facts f = healthy();
        Map<String, String> ignored = passiveOffline();
        ignored.put("PYTORCH_LIBRARY_PATH", "/opt/libtorch/lib");
        ignored.put("PYTORCH_FLAVOR", "cu128");
        DoctorReport fellBack = DoctorReport.of(new Facts(f.engine(), null, f.device(), null, f.libraries(), ignored,
                f.cpus(), f.store(), f.cache(), f.temporal()));
        assertEquals(Level.PROBLEM, finding(fellBack, "natives").level());
        assertTrue(finding(fellBack, "natives").text().contains("PYTORCH_LIBRARY_PATH=/opt/libtorch/lib,"
                + " PYTORCH_VERSION=unset, PYTORCH_FLAVOR=cu128: DJL found no libtorch.so there"));

        EngineFacts cuda = new EngineFacts("PyTorch", "2.7.1", "0.36.0", "/opt/libtorch/lib", true, 1, "12.8", 2, 1);
        for (String path : List.of("/opt/libtorch/lib", "/elsewhere:/opt/libtorch/lib/", "/opt/libtorch/lib/libtorch.so")) {
            Map<String, String> used = passiveOffline();
            used.put("PYTORCH_LIBRARY_PATH", path);
            DoctorReport report = DoctorReport.of(new Facts(cuda, null, DeviceSpec.gpu(0), null, f.libraries(), used,
                    f.cpus(), f.store(), f.cache(), f.temporal()));
            assertEquals(0, report.exitCode(), path + ": " + report.at(Level.PROBLEM));
            assertEquals("runtime 12.8", finding(report, "CUDA").text());
            assertTrue(finding(report, "natives").text().startsWith("CUDA build from /opt/libtorch/lib"));
        }
    }

    @Test
    void anEngineThatDidNotLoadIsAProblemWithTheFlavourHint() {
        Facts f = healthy();
        Map<String, String> noFlavour = passiveOffline();
        noFlavour.put("PYTORCH_LIBRARY_PATH", "/opt/libtorch/lib");
        DoctorReport report = DoctorReport.of(new Facts(null, "Failed to load PyTorch native library", f.device(), null,
                f.libraries(), noFlavour, f.cpus(), f.store(), f.cache(), f.temporal()));
        assertEquals(1, report.exitCode());
        Finding engine = finding(report, "engine");
        assertTrue(engine.text().startsWith("did not load: Failed to load PyTorch native library (PYTORCH_FLAVOR is"
                + " unset"), engine.text());
        assertFalse(report.findings().stream().anyMatch(x -> x.topic().equals("device")),
                "no device line without an engine");
    }

    @Test
    void settingsComeFromTheEnvironmentThenTheSystemPropertiesAsDjlReadsThem() {
        Properties props = new Properties();
        props.setProperty("ai.djl.offline", "true");
        props.setProperty("PYTORCH_FLAVOR", "cu128");
        props.setProperty("PYTORCH_VERSION", "2.7.0");
        props.setProperty("OMP_WAIT_POLICY", "ACTIVE");
        Map<String, String> env = Map.of("PYTORCH_VERSION", "2.7.1", "OMP_NUM_THREADS", "2", "ai.djl.offline", "false",
                "HOME", "/root");
        assertEquals(Map.of("ai.djl.offline", "true", "OMP_NUM_THREADS", "2", "PYTORCH_VERSION", "2.7.1",
                "PYTORCH_FLAVOR", "cu128"), DoctorReport.settingsOf(env, props));
    }
}
