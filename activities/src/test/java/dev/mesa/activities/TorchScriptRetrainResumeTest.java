package dev.mesa.activities;

import dev.mesa.activities.heartbeat.HeartbeatDetails;
import dev.mesa.checkpoint.SectionFile;
import dev.mesa.model.ModelFile;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.RetrainRequest;
import dev.mesa.workflows.activity.RetrainSettings;
import dev.mesa.workflows.activity.TriggerSource;
import dev.mesa.workflows.activity.TriggerSpec;
import io.temporal.failure.CanceledFailure;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retraining a user's TorchScript model (the scripted fixture: BatchNorm and dropout in training mode while it
 * retrains) is cancelled mid-way; the retry, given the heartbeat details the first attempt recorded, continues from
 * its checkpoint and ends with exactly the module an uninterrupted run produces: the same parameters and BatchNorm
 * statistics, byte for byte (the checkpoint holds the whole module, the optimiser state and the step; dropout masks
 * and data order come from counter-based seeds).
 */
class TorchScriptRetrainResumeTest {
    private static final TrainingCadence FREQUENT = new TrainingCadence(2, 4, Duration.ZERO, 256);
    /** As in {@link GeneratorResumeTest}: heartbeats forwarded every 40 ms, the stop asked for at step 8 of 96. */
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofMillis(50);
    /** 128 defence images in batches of 16, 12 epochs: 96 steps. */
    private static final RetrainSettings LONGER = new RetrainSettings(12, 0.3, 5e-3, 0.9, 16);

    @Test
    void aRetryResumesFromTheHeartbeatedCheckpointAndEndsWithTheUninterruptedModule() throws Exception {
        Path store = ActivityTestBed.newStore();
        String model;
        AtomicReference<HeartbeatDetails> last = new AtomicReference<>();
        try (ActivityTestBed first = new ActivityTestBed(store, FREQUENT, HEARTBEAT_TIMEOUT)) {
            model = ModelFileActivitiesTest.describe(first, ModelFileActivitiesTest.DATA, ModelFileActivitiesTest.spec(
                    ModelFileActivitiesTest.FIXTURES.resolve("residual.scripted.pt"))).modelArtifact();
            // the furthest heartbeat: the test environment may hand a throttled earlier one over after a later one
            first.env.setActivityHeartbeatListener(HeartbeatDetails.class, details -> {
                last.accumulateAndGet(details, (a, b) -> a == null || b.globalStep() >= a.globalStep() ? b : a);
                if (details.checkpoint() != null && details.globalStep() >= 8) {
                    first.env.requestCancelActivity();
                }
            });
            String key = model;
            assertThrows(CanceledFailure.class, () -> first.defense.retrain(request(key)));
        }
        HeartbeatDetails details = last.get();
        assertNotNull(details.checkpoint(), "the first attempt heartbeated its checkpoint");
        assertTrue(details.globalStep() >= 8 && details.globalStep() < details.totalSteps(), details.toString());
        assertTrue(Files.isRegularFile(store.resolve(details.checkpoint())), details.checkpoint());

        ModelArtifact resumed;
        try (ActivityTestBed retry = new ActivityTestBed(store, FREQUENT, HEARTBEAT_TIMEOUT)) {
            retry.env.setHeartbeatDetails(details);
            resumed = retry.defense.retrain(request(model));
            assertEquals(1.0, retry.registry.counter("mesa.activity.resumes", "activity", "Retrain").count());
        }
        assertTrue(resumed.resumedFromStep() >= details.globalStep() && resumed.resumedFromStep() < details.totalSteps(),
                "continued from the checkpoint (step " + resumed.resumedFromStep() + "), not from step 0");

        Path fresh = ActivityTestBed.newStore();
        Files.createDirectories(fresh.resolve(model));
        Files.copy(store.resolve(model).resolve(ModelFiles.MODEL), fresh.resolve(model).resolve(ModelFiles.MODEL));
        ModelArtifact uninterrupted;
        try (ActivityTestBed once = new ActivityTestBed(fresh, FREQUENT, HEARTBEAT_TIMEOUT)) {
            uninterrupted = once.defense.retrain(request(model));
        }
        assertEquals(0, uninterrupted.resumedFromStep());
        assertEquals(uninterrupted.key(), resumed.key());
        assertEquals(uninterrupted.cleanAccuracy(), resumed.cleanAccuracy());
        assertArrayEquals(module(fresh, uninterrupted), module(store, resumed),
                "identical parameters and buffers after the resumed retraining");
        assertFalse(Arrays.equals(module(store, resumed), module(store, model)), "retraining changed the module");
    }

    private static RetrainRequest request(String model) {
        return new RetrainRequest(model, ModelFileActivitiesTest.DATA, TriggerSource.original(TriggerSpec.blackWhite(170)),
                LONGER, 13, "ideal");
    }

    private static byte[] module(Path store, ModelArtifact m) {
        return module(store, m.key());
    }

    private static byte[] module(Path store, String key) {
        Path file = store.resolve(key).resolve(ModelFiles.MODEL);
        return SectionFile.read(file, ModelFile.KIND).section(file, "torchscript-module");
    }
}
