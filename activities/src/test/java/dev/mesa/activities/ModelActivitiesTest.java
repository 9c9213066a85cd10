package dev.mesa.activities;

import dev.mesa.activities.metrics.MetricNames;
import dev.mesa.workflows.activity.AttackSettings;
import dev.mesa.workflows.activity.ClassifierSettings;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.FailureTypes;
import dev.mesa.workflows.activity.InjectBackdoorRequest;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.TrainClassifierRequest;
import dev.mesa.workflows.activity.TriggerSpec;
import io.micrometer.core.instrument.Counter;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clean training and the attack through Temporal's activity test environment, on tiny data. */
class ModelActivitiesTest {
    private static ActivityTestBed bed;
    private static ModelArtifact clean;

    @BeforeAll
    static void trainOnce() {
        bed = new ActivityTestBed();
        clean = bed.model.trainClassifier(ActivityTestBed.cleanRequest());
    }

    @AfterAll
    static void close() {
        bed.close();
    }

    @Test
    void aTrainedModelIsStoredUnderAContentKeyWithItsManifest() {
        assertFalse(clean.reused());
        assertTrue(clean.key().startsWith("models/clean/compact-synthetic-"), clean.key());
        // 0.80-0.90 over 8 training seeds (chance is 0.1)
        assertTrue(clean.cleanAccuracy() > 0.3, "a tiny CNN learns the synthetic classes: " + clean.cleanAccuracy());
        assertTrue(Files.isRegularFile(bed.storeDir.resolve(clean.key()).resolve("model.mesa-model")));
        assertTrue(Files.isRegularFile(bed.storeDir.resolve(clean.key()).resolve("manifest.json")));
        assertFalse(Files.exists(bed.storeDir.resolve(clean.key()).resolve("checkpoint.mesa-checkpoint")),
                "the checkpoint is removed once the run is complete");
    }

    @Test
    void theSameRequestAgainIsAnsweredFromTheStoreWithoutTraining() throws Exception {
        Path modelFile = bed.storeDir.resolve(clean.key()).resolve("model.mesa-model");
        FileTime written = Files.getLastModifiedTime(modelFile);
        double stepsBefore = trainingSteps();
        assertTrue(stepsBefore > 0, "the first request's training was counted");
        ModelArtifact again = bed.model.trainClassifier(ActivityTestBed.cleanRequest());

        assertTrue(again.reused());
        assertEquals(clean.key(), again.key());
        assertEquals(clean.cleanAccuracy(), again.cleanAccuracy());
        assertEquals(stepsBefore, trainingSteps(), "reuse reads the manifest: not one training step");
        assertEquals(written, Files.getLastModifiedTime(modelFile), "the stored model is not written again");
    }

    /** Training steps of every loop counted so far in this bed's registry. */
    private static double trainingSteps() {
        return bed.registry.find(MetricNames.STEPS).counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void defaultsSpelledOutAddressTheSameRun() {
        TrainClassifierRequest explicit = new TrainClassifierRequest(ActivityTestBed.DATA.withDefaults(),
                ActivityTestBed.CLASSIFIER.withDefaults(), 11);
        assertEquals(clean.key(), bed.model.trainClassifier(explicit).key());
    }

    @Test
    void anUnknownArchitectureIsANonRetryableInvalidInput() {
        ClassifierSettings wrong = new ClassifierSettings("vgg", 1, 32, 0.05, 0.0, null);
        ApplicationFailure failure = failure(() -> bed.model.trainClassifier(
                new TrainClassifierRequest(ActivityTestBed.DATA, wrong, 1)));

        assertEquals(FailureTypes.INVALID_INPUT, failure.getType());
        assertTrue(failure.isNonRetryable());
        assertTrue(failure.getOriginalMessage().contains("classifier.architecture must be one of [resnet18, compact]"),
                failure.getOriginalMessage());
    }

    @Test
    void aTargetClassOutsideTheDatasetIsInvalidInput() {
        AttackSettings attack = new AttackSettings(0.1, 1, 0.01, 0.9, 32, 42);
        ApplicationFailure failure = failure(() -> bed.model.injectBackdoor(new InjectBackdoorRequest(clean.key(),
                ActivityTestBed.DATA, TriggerSpec.blackWhite(170), attack, 1)));

        assertEquals(FailureTypes.INVALID_INPUT, failure.getType());
        assertTrue(failure.getOriginalMessage().contains("target class 42"), failure.getOriginalMessage());
    }

    @Test
    void aCorruptModelFileIsANonRetryableCorruptArtifact() throws Exception {
        Path broken = bed.storeDir.resolve("models/uploaded/broken");
        Files.createDirectories(broken);
        Files.write(broken.resolve("model.mesa-model"), new byte[] {'M', 'E', 'S', 'A', 0, 0, 0, 1, 9, 9, 9, 9, 9, 9});
        ApplicationFailure failure = failure(() -> bed.model.injectBackdoor(new InjectBackdoorRequest(
                "models/uploaded/broken", ActivityTestBed.DATA, TriggerSpec.blackWhite(170), AttackSettings.defaults(), 1)));

        assertEquals(FailureTypes.CORRUPT_ARTIFACT, failure.getType());
        assertTrue(failure.isNonRetryable());
        assertTrue(failure.getOriginalMessage().contains("model.mesa-model"), failure.getOriginalMessage());
    }

    @Test
    void aKeyThatClimbsOutOfTheStoreIsRejected() {
        for (String key : new String[] {"../outside", "models/../../etc", "/no/such/model.mesa-model", "models//x"}) {
            ApplicationFailure failure = failure(() -> bed.model.injectBackdoor(new InjectBackdoorRequest(key,
                    ActivityTestBed.DATA, TriggerSpec.blackWhite(170), AttackSettings.defaults(), 1)));
            assertEquals(FailureTypes.INVALID_INPUT, failure.getType(), key);
        }
    }

    @Test
    void aSymbolicLinkLeadingOutOfTheStoreIsRejected() throws Exception {
        Path outside = Files.createTempDirectory("mesa-outside");
        Files.copy(bed.storeDir.resolve(clean.key()).resolve("model.mesa-model"), outside.resolve("model.mesa-model"));
        Files.createDirectories(bed.storeDir.resolve("models/linked"));
        Files.createSymbolicLink(bed.storeDir.resolve("models/linked/escape"), outside);
        ApplicationFailure failure = failure(() -> bed.model.injectBackdoor(new InjectBackdoorRequest(
                "models/linked/escape", ActivityTestBed.DATA, TriggerSpec.blackWhite(170), AttackSettings.defaults(), 1)));

        assertEquals(FailureTypes.INVALID_INPUT, failure.getType());
        assertTrue(failure.getOriginalMessage().contains("leads outside the artifact store"), failure.getOriginalMessage());
    }

    @Test
    void aModelForOtherImagesIsInvalidInput() {
        DatasetSpec bigger = new DatasetSpec(DatasetSpec.SYNTHETIC, null, 10, 60, 30, 24, 3L);
        ApplicationFailure failure = failure(() -> bed.model.injectBackdoor(new InjectBackdoorRequest(clean.key(),
                bigger, TriggerSpec.blackWhite(170), AttackSettings.defaults(), 1)));

        assertEquals(FailureTypes.INVALID_INPUT, failure.getType());
        assertTrue(failure.getOriginalMessage().contains("model expects 3x16x16 images"), failure.getOriginalMessage());
    }

    static ApplicationFailure failure(Runnable call) {
        ActivityFailure failure = assertThrows(ActivityFailure.class, call::run);
        return assertInstanceOf(ApplicationFailure.class, failure.getCause());
    }
}
