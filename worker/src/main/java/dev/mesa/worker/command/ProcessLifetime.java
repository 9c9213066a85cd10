package dev.mesa.worker.command;

import java.util.concurrent.CountDownLatch;

/** Keeps a long-running command alive until the process is asked to stop (Ctrl-C, SIGTERM), then lets it close. */
final class ProcessLifetime {
    private ProcessLifetime() {}

    /** Blocks until a shutdown signal; {@code onStop} runs on the shutdown hook (close the worker, then the server). */
    static void awaitShutdown(AutoCloseable onStop) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                onStop.close();
            } catch (Exception e) {
                System.err.println("mesa: error while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, "mesa-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
