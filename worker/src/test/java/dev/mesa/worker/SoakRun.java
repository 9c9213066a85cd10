package dev.mesa.worker;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One run of the sweep on its own store and server: without faults (the reference), or with a schedule of them.
 * It submits the input with {@code mesa run}, fires each planned fault once enough triggers have finished, keeps
 * every process scraped, and ends with the sweep's result ({@code mesa status}) and the counters.
 */
final class SoakRun {
    /** What one run produced. */
    record Outcome(JsonNode result, Map<String, Double> counters, List<String> events, double seconds,
                   SoakDisk.Mode diskMode) {}

    private final String sweepId;
    private final Path input;
    private final List<String> labels;
    private final int triggers;
    private final Duration timeout;
    private final Duration diskFullFor;
    private final List<String> events = new ArrayList<>();
    private final Random random;

    SoakRun(String sweepId, Path input, List<String> labels, Duration timeout, Duration diskFullFor, long seed) {
        this.sweepId = sweepId;
        this.input = input;
        this.labels = labels;
        this.triggers = labels.size();
        this.timeout = timeout;
        this.diskFullFor = diskFullFor;
        this.random = new Random(seed);
    }

    Outcome run(Path work, SoakDisk disk, Path cache, List<SoakFault.Planned> plan) throws Exception {
        long started = System.nanoTime();
        SoakStore store = new SoakStore(work.resolve("store"));
        List<SoakFault.Planned> pending = new ArrayList<>(plan);
        JsonNode result;
        try (SoakCluster cluster = new SoakCluster(work, store.root(), cache)) {
            cluster.startServer();
            cluster.startWorker(SoakCluster.TRAINING_QUEUE);
            cluster.startWorker(SoakCluster.DEFAULT_QUEUE);
            cluster.submit(input);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                cluster.scrapeAll();
                Integer exit = cluster.follower().waitFor(Duration.ofMillis(500));
                if (exit != null) {
                    if (exit != 0) {
                        throw new AssertionError("mesa run exited " + exit + ":\n" + cluster.follower().log());
                    }
                    break;
                }
                if (!pending.isEmpty() && store.finishedTriggers(sweepId) >= pending.get(0).atTriggers()) {
                    inject(pending.remove(0).fault(), cluster, store, disk);
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the sweep did not finish within " + timeout + "; faults still planned: "
                            + pending + "; events: " + events);
                }
            }
            for (SoakFault.Planned left : pending) {
                events.add("not fired (the sweep finished first): " + left);
            }
            List<String> damaged = new ArrayList<>();
            store.completeRuns(damaged);
            if (!damaged.isEmpty()) {
                // Damage injected after its last reader: the next submission's activities check their own outputs
                // before reusing them, find it, and recompute it.
                cluster.submit(input);
                Integer exit = cluster.follower().waitFor(timeout);
                events.add("the final check found " + damaged + " damaged after its last reader; submitted the same"
                        + " input again, which recomputed it (exit " + exit + ")");
            }
            result = cluster.result("sweep/" + sweepId);
            cluster.scrapeAll();
            Map<String, Double> counters = new LinkedHashMap<>(cluster.totals());
            return new Outcome(result, counters, events, (System.nanoTime() - started) / 1e9, disk.mode());
        }
    }

    private void inject(SoakFault fault, SoakCluster cluster, SoakStore store, SoakDisk disk) throws Exception {
        long t = System.nanoTime();
        String what = switch (fault) {
            case KILL_TRAINING_WORKER, KILL_AND_TRUNCATE_CHECKPOINT, KILL_AND_FLIP_CHECKPOINT -> kill(fault, cluster, store);
            case STOP_TRAINING_WORKER -> stop(cluster, store);
            case LOSE_SERVER -> loseServer(cluster);
            case CORRUPT_FINISHED_ARTIFACT -> corruptFinished(store);
            case FILL_DISK -> fillDisk(cluster, store, disk);
        };
        events.add(String.format(java.util.Locale.ROOT, "%s at %d/%d triggers: %s (%.1f s)", fault,
                store.finishedTriggers(sweepId), triggers, what, (System.nanoTime() - t) / 1e9));
        System.out.println("soak: " + events.get(events.size() - 1));
    }

    /**
     * Waits (up to a minute) for a training loop in the middle of its steps: a checkpoint rewritten twice within
     * half a second (a loop's final checkpoint is written once). The checkpoint, or null.
     */
    private Path awaitTraining(SoakStore store) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        java.util.Map<Path, Long> seen = new java.util.HashMap<>();
        java.util.Map<Path, Integer> rewrites = new java.util.HashMap<>();
        while (System.nanoTime() < deadline) {
            for (Path c : store.freshCheckpoints(500)) {
                long modified = store.modifiedMillis(c);
                Long before = seen.put(c, modified);
                if (before != null && modified > before && rewrites.merge(c, 1, Integer::sum) >= 2) {
                    return c;
                }
            }
            Thread.sleep(10);
        }
        return null;
    }

    private String kill(SoakFault fault, SoakCluster cluster, SoakStore store) throws Exception {
        Path training = awaitTraining(store);
        SoakCluster.Worker w = cluster.worker(SoakCluster.TRAINING_QUEUE);
        cluster.scrape(w);
        w.process().kill();
        cluster.retire(w);
        String detail = "killed " + w.process().name() + (training != null ? " while it trained "
                + store.root().relativize(training.getParent()) : " (no loop was running)");
        if (fault != SoakFault.KILL_TRAINING_WORKER) {
            List<Path> left = store.pendingCheckpoints();
            for (Path c : left) {
                if (fault == SoakFault.KILL_AND_TRUNCATE_CHECKPOINT) {
                    SoakStore.truncate(c);
                } else {
                    SoakStore.flipBit(c, random);
                }
            }
            detail += "; " + (fault == SoakFault.KILL_AND_TRUNCATE_CHECKPOINT ? "truncated " : "flipped a bit of ")
                    + left.size() + " checkpoint(s) left behind";
        }
        cluster.startWorker(SoakCluster.TRAINING_QUEUE);
        return detail;
    }

    private String stop(SoakCluster cluster, SoakStore store) throws Exception {
        Path training = awaitTraining(store);
        SoakCluster.Worker w = cluster.worker(SoakCluster.TRAINING_QUEUE);
        cluster.scrape(w);
        w.process().terminate();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (w.process().alive() && System.nanoTime() < deadline) {
            cluster.scrape(w); // the last answer before the endpoint closes counts the steps up to the stop
            Thread.sleep(100);
        }
        Integer code = w.process().waitFor(Duration.ofSeconds(1));
        cluster.retire(w);
        cluster.startWorker(SoakCluster.TRAINING_QUEUE);
        return "SIGTERM to " + w.process().name() + (training != null ? " while it trained "
                + store.root().relativize(training.getParent()) : "") + ", exit code " + code;
    }

    private String loseServer(SoakCluster cluster) throws Exception {
        cluster.killServer();
        cluster.follower().kill();
        cluster.startServer();
        cluster.submit(input);
        return "killed the server (all history lost), started a new one, submitted the same input again";
    }

    private String corruptFinished(SoakStore store) throws Exception {
        // Damage that some activity will still read: the clean model (every trigger not yet attacked reads it) the
        // first time, then the backdoored model of a trigger whose experiment is still running.
        List<Path> clean = store.finishedArtifacts("models/clean");
        boolean first = events.stream().noneMatch(e -> e.startsWith(SoakFault.CORRUPT_FINISHED_ARTIFACT.name()));
        boolean cleanStillRead = labels.stream().anyMatch(label -> !store.hasFinishedAttack(label));
        List<Path> candidates = new ArrayList<>(first && cleanStillRead ? clean : List.of());
        if (candidates.isEmpty()) {
            for (Path model : store.finishedArtifacts("models/attacked")) {
                String dir = model.getParent().getFileName().toString(); // bw-170-t0-<hash>
                String label = dir.substring(0, dir.indexOf("-t"));
                if (!java.nio.file.Files.exists(store.root().resolve("reports").resolve(sweepId)
                        .resolve("trigger-" + label).resolve("manifest.json"))) {
                    candidates.add(model);
                }
            }
        }
        if (candidates.isEmpty()) {
            return "skipped: no finished model that is still to be read";
        }
        Path target = candidates.get(random.nextInt(candidates.size()));
        SoakStore.flipBit(target, random);
        return "flipped a bit of " + store.root().relativize(target);
    }

    private String fillDisk(SoakCluster cluster, SoakStore store, SoakDisk disk) throws Exception {
        if (disk.mode() == SoakDisk.Mode.NONE) {
            return "skipped: running as root without the right to mount a tmpfs (root ignores a read-only directory)";
        }
        Path training = awaitTraining(store); // the disk fills under a loop that is writing checkpoints
        disk.fill();
        long until = System.nanoTime() + diskFullFor.toNanos();
        while (System.nanoTime() < until) {
            cluster.scrapeAll();
            Thread.sleep(500);
        }
        disk.release();
        return (disk.mode() == SoakDisk.Mode.TMPFS ? "filled the store's tmpfs" : "made the store read-only") + " for "
                + diskFullFor.toSeconds() + " s" + (training != null ? " while "
                + store.root().relativize(training.getParent()) + " trained" : "");
    }
}
