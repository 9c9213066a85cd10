package dev.mesa.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code mesa worker} in a separate JVM on the packaged launcher's classpath ({@code target/mesa/lib}), with
 * PyTorch and OpenMP pinned to one thread (deterministic kernels) and checkpoints every 2 steps.
 */
final class WorkerProcess implements AutoCloseable {
    private static final Path LIB = Path.of("target/mesa/lib");
    static final Path TCMALLOC = Path.of("/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4");
    private final Process process;

    private WorkerProcess(Process process) {
        this.process = process;
    }

    /** A worker polling {@code taskQueue} (its activities and workflows) over {@code store}. */
    static WorkerProcess start(String address, String taskQueue, Path store, Path cache, Path log) {
        if (!Files.isDirectory(LIB)) {
            throw new IllegalStateException(LIB.toAbsolutePath() + " is missing: run the package phase first");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-cp", LIB.toAbsolutePath() + "/*", "dev.mesa.worker.MesaCli",
                "worker", "--address", address, "--task-queue", taskQueue, "--store", store.toString(), "--cache", cache.toString(),
                "--checkpoint-every", "2", "--metrics-bind", "127.0.0.1:0"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        preloadTcmallocIfInstalled(builder.environment());
        try {
            return new WorkerProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a worker process", e);
        }
    }

    /**
     * {@code LD_PRELOAD} for the child: tcmalloc when the library is installed, as the {@code mesa} launcher does, and
     * the inherited entries except paths that do not exist (the dynamic loader would print an error for each in the
     * log, and the test JVM may have been started with a preload this machine does not have).
     */
    static void preloadTcmallocIfInstalled(Map<String, String> environment) {
        List<String> preload = new ArrayList<>();
        if (Files.exists(TCMALLOC)) {
            preload.add(TCMALLOC.toString());
        }
        for (String entry : environment.getOrDefault("LD_PRELOAD", "").split("[: ]")) {
            boolean searched = !entry.contains("/"); // a bare name the loader looks up in its own paths
            if (!entry.isEmpty() && !preload.contains(entry) && (searched || Files.exists(Path.of(entry)))) {
                preload.add(entry);
            }
        }
        if (preload.isEmpty()) {
            environment.remove("LD_PRELOAD");
        } else {
            environment.put("LD_PRELOAD", String.join(":", preload));
        }
    }

    /** kill -9: no shutdown hook, no last checkpoint, no goodbye to the server. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
