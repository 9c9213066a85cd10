package dev.mesa.worker.doctor;

import dev.mesa.model.DeviceSpec;
import dev.mesa.worker.runtime.EngineFacts;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * What {@code mesa doctor} found, one finding per topic. A <b>problem</b> stops a worker with these options from
 * working (the engine does not load, the device does not compute, a directory is not writable, DJL ignored
 * {@code PYTORCH_LIBRARY_PATH}, an address the user named does not answer); a <b>warning</b> only makes it slower or
 * is worth a look (no tcmalloc, spinning OpenMP threads, more PyTorch threads than cores, DJL not offline, under
 * 1 GiB free, nothing at the default address). The exit code is 1 when there is a problem, else 0.
 */
public final class DoctorReport {
    /** How much a finding matters. */
    public enum Level { OK, WARNING, PROBLEM }

    public record Finding(String topic, Level level, String text) {}

    /** The environment variables and system properties the report reads (the engine reads the PYTORCH_ ones). */
    public static final List<String> SETTINGS = List.of("ai.djl.offline", "OMP_NUM_THREADS", "OMP_WAIT_POLICY",
            "LD_PRELOAD", "PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR");
    static final long LOW_SPACE_BYTES = 1L << 30;

    /**
     * Everything doctor looked at.
     *
     * @param engine        null when the engine did not load ({@code engineError} says why)
     * @param deviceProblem null when a tensor operation on {@code device} worked, else {@code DeviceCheck}'s message
     * @param settings      {@link #SETTINGS} that are set, by name ({@link #settingsOf})
     * @param cpus          the processors the JVM may use
     */
    public record Facts(EngineFacts engine, String engineError, DeviceSpec device, String deviceProblem,
                        LoadedLibraries libraries, Map<String, String> settings, int cpus, DirectoryState store,
                        DirectoryState cache, TemporalReachability temporal) {}

    private final List<Finding> findings;

    private DoctorReport(List<Finding> findings) {
        this.findings = List.copyOf(findings);
    }

    /**
     * {@link #SETTINGS} as this process sees them: environment first, then system properties (as DJL reads its
     * {@code PYTORCH_} variables); {@code ai.djl.offline} is only a system property.
     */
    public static Map<String, String> settingsOf(Map<String, String> env, Properties properties) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : SETTINGS) {
            String value = name.startsWith("ai.djl.") ? properties.getProperty(name)
                    : env.getOrDefault(name, name.startsWith("PYTORCH_") ? properties.getProperty(name) : null);
            if (value != null) {
                settings.put(name, value);
            }
        }
        return settings;
    }

    public static DoctorReport of(Facts facts) {
        List<Finding> out = new ArrayList<>();
        EngineFacts engine = facts.engine();
        Map<String, String> settings = facts.settings();
        if (engine == null) {
            out.add(new Finding("engine", Level.PROBLEM, "did not load: " + facts.engineError() + flavourHint(settings)));
        } else {
            out.add(new Finding("engine", Level.OK, engine.engine() + " " + engine.engineVersion() + " (libtorch) on DJL "
                    + engine.djlVersion()));
            out.add(natives(engine, facts.libraries(), settings));
            out.add(new Finding("CUDA", Level.OK, engine.cudaVersion() != null ? "runtime " + engine.cudaVersion()
                    : engine.cudaBuild() ? "CUDA build, but no CUDA runtime answered (no GPU or driver visible)"
                    : "none (CPU build)"));
            out.add(new Finding("GPUs", Level.OK, Integer.toString(engine.gpuCount())));
            out.add(facts.deviceProblem() == null
                    ? new Finding("device", Level.OK, facts.device() + ": a tensor operation ran on it")
                    : new Finding("device", Level.PROBLEM, facts.deviceProblem()));
        }
        out.add(allocator(facts.libraries(), settings));
        out.add(threads(engine, settings, facts.cpus()));
        out.add(directory("store", facts.store()));
        out.add(directory("cache", facts.cache()));
        out.add("true".equals(settings.get("ai.djl.offline"))
                ? new Finding("offline", Level.OK, "ai.djl.offline=true: DJL downloads nothing at run time")
                : new Finding("offline", Level.WARNING, "ai.djl.offline is " + settings.getOrDefault("ai.djl.offline",
                        "unset") + ": DJL may try to download natives it lacks (the mesa launcher sets"
                        + " -Dai.djl.offline=true)"));
        out.add(temporal(facts.temporal()));
        return new DoctorReport(out);
    }

    public List<Finding> findings() {
        return findings;
    }

    public List<Finding> at(Level level) {
        return findings.stream().filter(f -> f.level() == level).toList();
    }

    /** 0 when nothing stops a worker, 1 when something does. */
    public int exitCode() {
        return at(Level.PROBLEM).isEmpty() ? 0 : 1;
    }

    public void print(PrintWriter out) {
        for (Finding f : findings) {
            out.printf(Locale.ROOT, "  %-9s %-7s %s%n", f.topic(), f.level() == Level.OK ? "ok" : f.level().name(),
                    f.text());
        }
        List<Finding> problems = at(Level.PROBLEM);
        List<Finding> warnings = at(Level.WARNING);
        out.println(problems.isEmpty()
                ? "mesa doctor: a worker with these options has what it needs" + (warnings.isEmpty() ? ""
                        : " (" + count(warnings, "warning") + ": " + topics(warnings) + ")")
                : "mesa doctor: " + count(problems, "problem") + " (" + topics(problems) + ")"
                        + (warnings.isEmpty() ? "" : ", " + count(warnings, "warning") + " (" + topics(warnings) + ")"));
        out.flush();
    }

    private static Finding natives(EngineFacts engine, LoadedLibraries libraries, Map<String, String> settings) {
        String loaded = libraries.files().stream().map(f -> f.getFileName().toString())
                .filter(n -> n.startsWith("libtorch_c")).distinct().collect(Collectors.joining(", "));
        String text = engine.flavour() + " build from " + engine.libtorchDir() + (loaded.isEmpty() ? "" : " (" + loaded
                + ")");
        String override = settings.get("PYTORCH_LIBRARY_PATH");
        if (override == null) {
            return new Finding("natives", Level.OK, text);
        }
        String given = "PYTORCH_LIBRARY_PATH=" + override + ", PYTORCH_VERSION=" + settings.getOrDefault(
                "PYTORCH_VERSION", "unset") + ", PYTORCH_FLAVOR=" + settings.getOrDefault("PYTORCH_FLAVOR", "unset");
        if (fromOverride(Path.of(engine.libtorchDir()), override)) {
            return new Finding("natives", Level.OK, text + "; " + given);
        }
        return new Finding("natives", Level.PROBLEM, text + ", but " + given + ": DJL found no libtorch.so there and"
                + " fell back to the natives it bundles; point PYTORCH_LIBRARY_PATH at the lib/ folder of the unpacked"
                + " libtorch (docs/DEPLOYMENT.md, GPU workers)");
    }

    /** Whether {@code dir} is one of the override's entries (a folder, or a libtorch.so file in it), as DJL reads it. */
    private static boolean fromOverride(Path dir, String override) {
        Path loaded = dir.toAbsolutePath().normalize();
        return Arrays.stream(override.split(java.io.File.pathSeparator)).filter(e -> !e.isBlank())
                .map(e -> Path.of(e).toAbsolutePath().normalize())
                .anyMatch(e -> e.equals(loaded) || loaded.equals(e.getParent()) && e.endsWith("libtorch.so"));
    }

    private static String flavourHint(Map<String, String> settings) {
        return settings.containsKey("PYTORCH_LIBRARY_PATH") && !settings.containsKey("PYTORCH_FLAVOR")
                ? " (PYTORCH_FLAVOR is unset: DJL then guesses cu<CUDA version>-precxx11, a JNI flavour the pytorch-jni"
                        + " jar does not ship; set PYTORCH_FLAVOR=cu128 for a CUDA 12.8 libtorch)"
                : "";
    }

    private static Finding allocator(LoadedLibraries libraries, Map<String, String> settings) {
        var tcmalloc = libraries.named("libtcmalloc");
        if (tcmalloc.isPresent()) {
            return new Finding("allocator", Level.OK, "tcmalloc (" + tcmalloc.get() + ")");
        }
        if (libraries.files().isEmpty()) {
            return new Finding("allocator", Level.WARNING, "unknown: /proc/self/maps cannot be read");
        }
        String preload = settings.get("LD_PRELOAD");
        return new Finding("allocator", Level.WARNING, "glibc malloc: tcmalloc is not loaded" + (preload != null
                ? " although LD_PRELOAD=" + preload : "") + "; install libtcmalloc-minimal4 (the mesa launcher"
                + " preloads it when present; faster native training, docs/PERFORMANCE.md)");
    }

    private static Finding threads(EngineFacts engine, Map<String, String> settings, int cpus) {
        String omp = "OMP_NUM_THREADS=" + settings.getOrDefault("OMP_NUM_THREADS", "unset") + ", OMP_WAIT_POLICY="
                + settings.getOrDefault("OMP_WAIT_POLICY", "unset") + ", " + cpus + " CPUs";
        String text = (engine != null ? "PyTorch " + engine.intraOpThreads() + " intra-op / " + engine.interOpThreads()
                + " inter-op; " : "") + omp;
        if (!settings.containsKey("OMP_WAIT_POLICY")) {
            return new Finding("threads", Level.WARNING, text + ": idle OpenMP threads spin, which slows training on"
                    + " shared cores; set OMP_WAIT_POLICY=PASSIVE (the mesa launcher does)");
        }
        if (engine != null && engine.intraOpThreads() > cpus) {
            return new Finding("threads", Level.WARNING, text + ": more intra-op threads than CPUs; set"
                    + " -Dai.djl.pytorch.num_threads=" + cpus);
        }
        return new Finding("threads", Level.OK, text);
    }

    private static Finding directory(String topic, DirectoryState dir) {
        String free = dir.usableBytes() < 0 ? "free space unknown"
                : String.format(Locale.ROOT, "%.1f GiB free", dir.usableBytes() / (double) (1L << 30));
        if (dir.problem() != null) {
            return new Finding(topic, Level.PROBLEM, dir.path() + ": " + dir.problem());
        }
        String text = dir.path() + ": " + (dir.exists() ? "exists" : "missing, will be created") + ", writable, " + free;
        return dir.usableBytes() >= 0 && dir.usableBytes() < LOW_SPACE_BYTES
                ? new Finding(topic, Level.WARNING, text + ": models, checkpoints and datasets need more")
                : new Finding(topic, Level.OK, text);
    }

    private static Finding temporal(TemporalReachability t) {
        String where = t.address() + ", namespace " + t.namespace();
        if (t.reachable()) {
            return new Finding("temporal", Level.OK, where + ": reachable" + (t.serverVersion() == null
                    || t.serverVersion().isBlank() ? "" : " (server " + t.serverVersion() + ")"));
        }
        return t.explicit()
                ? new Finding("temporal", Level.PROBLEM, where + ": " + t.failure())
                : new Finding("temporal", Level.WARNING, where + ": " + t.failure() + " (the default address: start"
                        + " mesa dev or pass --address; mesa demo needs no server)");
    }

    private static String count(List<Finding> findings, String noun) {
        return findings.size() + " " + noun + (findings.size() == 1 ? "" : "s");
    }

    private static String topics(List<Finding> findings) {
        return findings.stream().map(Finding::topic).collect(Collectors.joining(", "));
    }
}
