package dev.mesa.activities;

import dev.mesa.activities.heartbeat.HeartbeatDetails;
import dev.mesa.checkpoint.SectionFile;
import dev.mesa.distribution.GeneratorFile;
import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cancelled generator training checkpoints and stops; the retry, given the heartbeat details the first attempt
 * recorded, continues from its checkpoint (at or after the heartbeated step) instead of step 0 and ends with exactly the generator an uninterrupted run
 * trains (same thread count, counter-based random streams, optimiser state in the checkpoint).
 */
class GeneratorResumeTest {
    private static final TrainingCadence FREQUENT = new TrainingCadence(2, 4, Duration.ZERO, 256);
    /**
     * The SDK forwards a heartbeat at most every 0.8 of this (40 ms), and the stop is asked for in the listener of the
     * heartbeat of step 8, so the training must still be running a throttle interval later. 12 epochs of 7 steps leave
     * 76 steps after step 8: 1.8 s on the 2-core EPYC this was measured on, busy with other builds, and still several
     * times 40 ms on a CPU ten times faster. (At 200 ms and 6 epochs, 0.16 s against 34 steps, it was a race.)
     */
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofMillis(50);
    private static final MesaSettings LONGER = new MesaSettings(List.of(0.9), 0.1, 0.9, 12, 12, 32, 0.1, 64, 64, 2e-3,
            0.001, 0.5, 2.0);

    @Test
    void aRetryResumesFromTheHeartbeatedCheckpointAndMatchesAnUninterruptedRun() throws Exception {
        Path store = ActivityTestBed.newStore();
        ModelArtifact model;
        AtomicReference<HeartbeatDetails> last = new AtomicReference<>();
        try (ActivityTestBed first = new ActivityTestBed(store, FREQUENT, HEARTBEAT_TIMEOUT)) {
            model = first.model.trainClassifier(ActivityTestBed.cleanRequest());
            first.env.setActivityHeartbeatListener(HeartbeatDetails.class, details -> {
                // the furthest heartbeat: on a loaded machine the test environment delivered step 7's after step 8's
                last.accumulateAndGet(details, (kept, now) -> kept == null || now.globalStep() >= kept.globalStep()
                        ? now : kept);
                if (details.checkpoint() != null && details.globalStep() >= 8) {
                    first.env.requestCancelActivity();
                }
            });
            assertThrows(CanceledFailure.class, () -> first.defense.trainGenerator(request(model)));
        }
        HeartbeatDetails details = last.get();
        System.out.println("cancelled after the heartbeat " + details);
        assertNotNull(details.checkpoint(), "the first attempt heartbeated its checkpoint");
        assertTrue(details.globalStep() >= 8 && details.globalStep() < details.totalSteps(), details.toString());
        assertTrue(Files.isRegularFile(store.resolve(details.checkpoint())), details.checkpoint());

        GeneratorArtifact resumed;
        try (ActivityTestBed retry = new ActivityTestBed(store, FREQUENT, HEARTBEAT_TIMEOUT)) {
            retry.env.setHeartbeatDetails(details);
            resumed = retry.defense.trainGenerator(request(model));
            assertEquals(1.0, retry.registry.counter("mesa.activity.resumes", "activity", "TrainGenerator").count());
        }
        // The stop request makes the loop write one more checkpoint after the last heartbeat the server kept.
        assertTrue(resumed.resumedFromStep() >= details.globalStep() && resumed.resumedFromStep() < details.totalSteps(),
                "continued from the checkpoint (step " + resumed.resumedFromStep() + "), not from step 0");

        Path fresh = ActivityTestBed.newStore();
        Files.createDirectories(fresh.resolve(model.key()));
        Files.copy(store.resolve(model.key()).resolve("model.mesa-model"), fresh.resolve(model.key()).resolve("model.mesa-model"));
        GeneratorArtifact uninterrupted;
        try (ActivityTestBed once = new ActivityTestBed(fresh, FREQUENT, HEARTBEAT_TIMEOUT)) {
            uninterrupted = once.defense.trainGenerator(request(model));
        }
        assertEquals(0, uninterrupted.resumedFromStep());
        assertEquals(uninterrupted.key(), resumed.key());
        assertEquals(uninterrupted.meanTestingFunction(), resumed.meanTestingFunction());
        assertEquals(uninterrupted.mutualInformation(), resumed.mutualInformation());
        assertArrayEquals(parameters(fresh, uninterrupted), parameters(store, resumed), "identical generator weights");
    }

    @Test
    void aWorkerShutdownStopsAtAStepBoundaryWithACheckpointAndTheRetryResumes() throws Exception {
        Path store = ActivityTestBed.newStore();
        ModelArtifact model;
        try (ActivityTestBed first = new ActivityTestBed(store, FREQUENT, HEARTBEAT_TIMEOUT)) {
            model = first.model.trainClassifier(ActivityTestBed.cleanRequest());
            first.env.setActivityHeartbeatListener(HeartbeatDetails.class, details -> {
                if (details.checkpoint() != null && details.globalStep() >= 8) {
                    first.shutdown.request();
                }
            });
            ApplicationFailure failure = ModelActivitiesTest.failure(() -> first.defense.trainGenerator(request(model)));
            assertEquals(WorkerShutdown.FAILURE_TYPE, failure.getType());
            assertFalse(failure.isNonRetryable(), "another worker retries it");
        }
        try (ActivityTestBed retry = new ActivityTestBed(store, FREQUENT, HEARTBEAT_TIMEOUT)) {
            GeneratorArtifact resumed = retry.defense.trainGenerator(request(model));
            assertTrue(resumed.resumedFromStep() >= 8, "resumed at step " + resumed.resumedFromStep());
        }
    }

    private static TrainGeneratorRequest request(ModelArtifact model) {
        return new TrainGeneratorRequest(model.key(), ActivityTestBed.DATA, 0, 0.9, 3, LONGER, 5,
                TrainGeneratorRequest.STAIRCASE);
    }

    private static byte[] parameters(Path store, GeneratorArtifact g) {
        Path file = store.resolve(g.key()).resolve(GeneratorSamples.GENERATOR);
        return SectionFile.read(file, GeneratorFile.KIND).section(file, "generator");
    }
}
