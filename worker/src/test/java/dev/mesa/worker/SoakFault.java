package dev.mesa.worker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The faults the soak injects, and a seeded schedule of them over a sweep's progress. */
enum SoakFault {
    /** kill -9 of the training worker while a training loop writes checkpoints. */
    KILL_TRAINING_WORKER,
    /** The same, then the killed attempt's checkpoint is cut to half its length before the retry reads it. */
    KILL_AND_TRUNCATE_CHECKPOINT,
    /** The same, with one bit of the checkpoint flipped. */
    KILL_AND_FLIP_CHECKPOINT,
    /** SIGTERM of the training worker mid-activity (it checkpoints, reports a retryable failure, exits). */
    STOP_TRAINING_WORKER,
    /** kill -9 of the Temporal server: its history is gone; a new one starts and the same input is submitted again. */
    LOSE_SERVER,
    /** One bit flipped in a finished model or generator file (the clean model first). */
    CORRUPT_FINISHED_ARTIFACT,
    /** The store's volume full (or read-only) for a while. */
    FILL_DISK;

    /** One planned fault: fire once {@code atTriggers} triggers have finished. */
    record Planned(SoakFault fault, int atTriggers) {}

    /**
     * {@code counts} faults of each kind, each at a seeded point between 5% and 85% of the {@code triggers}, in the
     * order they fire.
     */
    static List<Planned> schedule(Map<SoakFault, Integer> counts, int triggers, long seed) {
        Random random = new Random(seed);
        List<Planned> plan = new ArrayList<>();
        for (SoakFault f : values()) {
            for (int i = 0; i < counts.getOrDefault(f, 0); i++) {
                double at = 0.05 + 0.8 * random.nextDouble();
                plan.add(new Planned(f, (int) Math.floor(at * triggers)));
            }
        }
        plan.sort(Comparator.comparingInt(Planned::atTriggers));
        return plan;
    }
}
