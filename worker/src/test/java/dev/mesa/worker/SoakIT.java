package dev.mesa.worker;

import dev.mesa.workflows.activity.TriggerSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak ({@link Soak}): a sweep run once without faults and once through kill -9 of the training worker (its
 * checkpoint then bit-flipped), a SIGTERM of it, the loss of the server and its history (and the same input
 * submitted again), a flipped bit in a finished model, and a full store, each once; every trigger result and every
 * stored artifact must be identical, nothing non-retryable may fail, and nothing damaged may be left.
 *
 * <p>By default 3 triggers (a few minutes: the kill waits out the 2-minute heartbeat timeout). {@code bench/soak}
 * runs the whole bw51 sweep through it, with each fault several times:
 * {@code -Dmesa.soak.triggers=bw51 -Dmesa.soak.faults=several -Dmesa.soak.record=bench/results/...}.
 */
class SoakIT {
    /**
     * One fault of each kind, in a fixed order over the 3 triggers: those that need a training loop running first
     * (while the clean model and the first attacks train), the kill last (its retry waits out the 2-minute heartbeat
     * timeout while the rest of the sweep goes on).
     */
    private static final List<SoakFault.Planned> ONE_OF_EACH = List.of(
            new SoakFault.Planned(SoakFault.STOP_TRAINING_WORKER, 0), new SoakFault.Planned(SoakFault.FILL_DISK, 0),
            new SoakFault.Planned(SoakFault.LOSE_SERVER, 0),
            new SoakFault.Planned(SoakFault.CORRUPT_FINISHED_ARTIFACT, 1),
            new SoakFault.Planned(SoakFault.KILL_AND_FLIP_CHECKPOINT, 1));
    private static final Map<SoakFault, Integer> SEVERAL = faults(SoakFault.KILL_TRAINING_WORKER, 2,
            SoakFault.KILL_AND_TRUNCATE_CHECKPOINT, 1, SoakFault.KILL_AND_FLIP_CHECKPOINT, 1,
            SoakFault.STOP_TRAINING_WORKER, 2, SoakFault.LOSE_SERVER, 2, SoakFault.CORRUPT_FINISHED_ARTIFACT, 3,
            SoakFault.FILL_DISK, 2);

    @Test
    void aSweepThroughEveryKindOfFailureEndsExactlyLikeAnUninterruptedOne() throws Exception {
        String triggers = System.getProperty("mesa.soak.triggers", "bw-170,bw-7,bw-186");
        boolean several = System.getProperty("mesa.soak.faults", "one").equals("several");
        long seed = Long.getLong("mesa.soak.seed", 13L);
        boolean named = !triggers.contains("-");
        List<TriggerSpec> list = named ? null : Arrays.stream(triggers.split(","))
                .map(t -> TriggerSpec.blackWhite(Integer.parseInt(t.strip().substring("bw-".length())))).toList();
        String name = named ? triggers : "short";
        Soak.Plan plan = new Soak.Plan(name, named ? triggers : null, list, several ? SEVERAL : null,
                several ? null : ONE_OF_EACH, seed,
                Duration.ofMinutes(named ? 120 : 20), Duration.ofSeconds(30), named ? 1024 : 256);
        Path work = Files.createTempDirectory("mesa-soak-" + name);
        Soak.Report report = Soak.run(plan, work);
        System.out.println(report.table());
        String record = System.getProperty("mesa.soak.record");
        if (record != null && !record.isBlank()) {
            Path file = MonitoringFiles.ROOT.resolve(record.replace("<date>", LocalDate.now().toString()));
            Files.createDirectories(file.getParent());
            Files.writeString(file, report.json().toPrettyString() + "\n");
            System.out.println("soak: recorded " + MonitoringFiles.ROOT.relativize(file));
        }

        int n = plan.triggerCount();
        assertEquals(n, report.completedReference(), "the uninterrupted run completed every trigger");
        assertEquals(n, report.completedFaulted(), "the run with faults completed every trigger: " + report.events());
        assertTrue(report.differences().isEmpty(), "results and artifacts equal the uninterrupted run's:\n  "
                + String.join("\n  ", report.differences()));
        String logged = report.nonRetryable() == 0.0 ? "" : String.join("\n  ", logLines(work, "not retryable"));
        assertEquals(0.0, report.nonRetryable(), () -> "no non-retryable failure; the workers logged:\n  " + logged
                + "\n" + report.table());
        assertTrue(report.damaged().isEmpty(), "nothing damaged is left in the store: " + report.damaged());
        assertTrue(report.events().stream().noneMatch(e -> e.contains("not fired")), "every fault fired: "
                + report.events());
        deleteRecursively(work); // kept (with every process's log) when an assertion above failed
    }

    /** Every line containing {@code text} in the processes' logs under {@code dir}, prefixed by the log's name. */
    private static List<String> logLines(Path dir, String text) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            List<String> lines = new java.util.ArrayList<>();
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                Files.readAllLines(log).stream().filter(l -> l.contains(text))
                        .forEach(l -> lines.add(dir.relativize(log) + ": " + l));
            }
            return lines;
        }
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Map<SoakFault, Integer> faults(Object... pairs) {
        Map<SoakFault, Integer> m = new EnumMap<>(SoakFault.class);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((SoakFault) pairs[i], (Integer) pairs[i + 1]);
        }
        return m;
    }
}
