package dev.mesa.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code mesa} process of the soak, started through the packaged launcher ({@code target/mesa/bin/mesa}, as a
 * user or {@code deploy/} starts it), with PyTorch and OpenMP on one thread (deterministic kernels: results can be
 * compared bit for bit). Its output goes to a log file. Stopping it touches this one process only.
 */
final class SoakProcess implements AutoCloseable {
    static final Path LAUNCHER = Path.of("target/mesa/bin/mesa");
    private final String name;
    private final Process process;
    private final Path log;

    private SoakProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static SoakProcess start(String name, Path log, List<String> args) {
        if (!Files.isExecutable(LAUNCHER)) {
            throw new IllegalStateException(LAUNCHER.toAbsolutePath() + " is missing: run the package phase first");
        }
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toAbsolutePath().toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("JAVA_OPTS", "-Xmx1g -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1");
        env.put("OMP_NUM_THREADS", "1");
        env.put("MESA_LOG_LEVEL", "INFO");
        try {
            return new SoakProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    String name() {
        return name;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for the process to exit; its exit code, or null if it is still running after {@code timeout}. */
    Integer waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    /** kill -9: no shutdown hook, no last checkpoint. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (the launcher execs the JVM, so the JVM receives it): a graceful stop. */
    void terminate() {
        process.destroy();
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
