package dev.mesa.activities;

import dev.mesa.activities.store.Manifest;
import dev.mesa.checkpoint.CorruptArtifactException;
import dev.mesa.checkpoint.DurableFiles;
import dev.mesa.workflows.activity.AttackSettings;
import dev.mesa.workflows.activity.FailureTypes;
import dev.mesa.workflows.activity.InjectBackdoorRequest;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.TriggerSpec;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store cannot lie: a finished artifact damaged on disk is noticed before it is used, moved aside, counted and
 * recomputed, whether its own activity asks for it again or another activity reads it as an input; a full disk is
 * a retryable failure that keeps the last checkpoint, and the retry continues from it.
 */
class StoreRecoveryTest {
    private ActivityTestBed bed;

    @BeforeEach
    void open() {
        bed = new ActivityTestBed();
    }

    @AfterEach
    void close() {
        bed.close();
    }

    private Path modelFile(ModelArtifact m) {
        return bed.storeDir.resolve(m.key()).resolve(ModelFiles.MODEL);
    }

    private List<String> setAside(ModelArtifact m) throws IOException {
        try (Stream<Path> files = Files.list(bed.storeDir.resolve(m.key()))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.contains(DurableFiles.QUARANTINE_MARK))
                    .sorted().toList();
        }
    }

    private double counter(String name, String kind) {
        return bed.registry.get(name).tag("kind", kind).counter().count();
    }

    private static void flipOneBit(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
    }

    @Test
    void aFinishedModelWithAFlippedBitIsMovedAsideAndRecomputedWhenAskedForAgain() throws IOException {
        ModelArtifact first = bed.model.trainClassifier(ActivityTestBed.cleanRequest());
        byte[] good = Files.readAllBytes(modelFile(first));
        flipOneBit(modelFile(first));

        ModelArtifact again = bed.model.trainClassifier(ActivityTestBed.cleanRequest());

        assertEquals(first.key(), again.key());
        assertFalse(again.reused(), "the damaged run is not served from the store");
        assertEquals(first.cleanAccuracy(), again.cleanAccuracy());
        assertArrayEquals(good, Files.readAllBytes(modelFile(again)), "recomputed exactly (seeded, same threads)");
        List<String> aside = setAside(again);
        assertEquals(2, aside.size(), "the damaged model and the manifest that vouched for it: " + aside);
        assertTrue(aside.stream().anyMatch(n -> n.startsWith(ModelFiles.MODEL + DurableFiles.QUARANTINE_MARK)), aside.toString());
        assertEquals(1.0, counter("mesa.artifacts.quarantined", "models"));
        assertTrue(bed.model.trainClassifier(ActivityTestBed.cleanRequest()).reused(), "intact again: reused");
    }

    @Test
    void aTruncatedManifestIsMovedAsideAndTheRunRecomputed() throws IOException {
        ModelArtifact first = bed.model.trainClassifier(ActivityTestBed.cleanRequest());
        Path manifest = bed.storeDir.resolve(first.key()).resolve("manifest.json");
        byte[] bytes = Files.readAllBytes(manifest);
        Files.write(manifest, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        ModelArtifact again = bed.model.trainClassifier(ActivityTestBed.cleanRequest());

        assertFalse(again.reused());
        assertEquals(first.cleanAccuracy(), again.cleanAccuracy());
        assertEquals(1, setAside(again).size(), setAside(again).toString());
        assertEquals(1.0, counter("mesa.artifacts.quarantined", "models"));
    }

    @Test
    void aDamagedInputIsRecomputedByTheActivityThatNeedsIt() throws IOException {
        ModelArtifact clean = bed.model.trainClassifier(ActivityTestBed.cleanRequest());
        byte[] good = Files.readAllBytes(modelFile(clean));
        Files.write(modelFile(clean), java.util.Arrays.copyOf(good, good.length - 100)); // truncated

        ModelArtifact attacked = bed.model.injectBackdoor(new InjectBackdoorRequest(clean.key(), ActivityTestBed.DATA,
                TriggerSpec.blackWhite(170), new AttackSettings(0.2, 1, 0.01, 0.9, 32, 0), 5));

        assertTrue(attacked.key().startsWith("models/attacked/"), attacked.key());
        assertArrayEquals(good, Files.readAllBytes(modelFile(clean)), "the clean model was recomputed in place");
        assertEquals(1.0, counter("mesa.artifacts.quarantined", "models"));
        assertEquals(1.0, counter("mesa.artifacts.recomputed", "models"));
        assertTrue(bed.model.trainClassifier(ActivityTestBed.cleanRequest()).reused(), "the recomputed run is complete");
    }

    /** Runs {@link InputArtifacts#read} inside an activity (a recomputation needs one) with a test's reader. */
    @ActivityInterface
    public interface ReadProbe {
        @ActivityMethod
        String read(String key);
    }

    private String readAsInput(String key, java.util.function.Function<Path, byte[]> reader) {
        bed.env.registerActivitiesImplementations((ReadProbe) k -> {
            try {
                return "read " + InputArtifacts.read(bed.resources, "cleanModelKey", k, false, reader).length;
            } catch (CorruptArtifactException e) {
                return "corrupt: " + e.getMessage();
            }
        });
        return bed.env.newActivityStub(ReadProbe.class, io.temporal.activity.ActivityOptions.newBuilder()
                .setStartToCloseTimeout(java.time.Duration.ofMinutes(5)).build()).read(key);
    }

    private static byte[] readModel(Path runDir) {
        try {
            return Files.readAllBytes(runDir.resolve(ModelFiles.MODEL));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Readers on two workers can find the same damage at once: one may set aside what the other just recomputed. */
    @Test
    void anInputSetAsideByAnotherReaderRightAfterItsRecomputationIsRecomputedAgain() throws IOException {
        ModelArtifact clean = bed.model.trainClassifier(ActivityTestBed.cleanRequest());
        byte[] good = Files.readAllBytes(modelFile(clean));
        flipOneBit(modelFile(clean));
        Path manifest = bed.storeDir.resolve(clean.key()).resolve(Manifest.FILE_NAME);
        AtomicInteger reads = new AtomicInteger();

        String outcome = readAsInput(clean.key(), dir -> {
            if (reads.incrementAndGet() < InputArtifacts.ATTEMPTS) { // the other reader strikes between check and read
                DurableFiles.moveAside(manifest);
                throw new CorruptArtifactException(dir.resolve(ModelFiles.MODEL), "changed under the reader");
            }
            return readModel(dir);
        });

        assertEquals("read " + good.length, outcome);
        assertArrayEquals(good, Files.readAllBytes(modelFile(clean)), "recomputed exactly");
        assertEquals(InputArtifacts.ATTEMPTS, reads.get());
        assertEquals(InputArtifacts.ATTEMPTS, counter("mesa.artifacts.recomputed", "models"), 1e-9);
        assertTrue(bed.model.trainClassifier(ActivityTestBed.cleanRequest()).reused(), "left complete");
    }

    @Test
    void aReadThatFailsOnAnIntactInputIsReadOnceMoreBeforeAnythingIsRecomputed() throws IOException {
        ModelArtifact clean = bed.model.trainClassifier(ActivityTestBed.cleanRequest());
        AtomicInteger reads = new AtomicInteger();

        String outcome = readAsInput(clean.key(), dir -> {
            if (reads.incrementAndGet() == 1) {
                throw new CorruptArtifactException(dir.resolve(ModelFiles.MODEL), "read while it was being replaced");
            }
            return readModel(dir);
        });

        assertEquals("read " + Files.size(modelFile(clean)), outcome);
        assertEquals(2, reads.get());
        assertEquals(0.0, bed.registry.find("mesa.artifacts.recomputed").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum(), "nothing recomputed");
        assertTrue(setAside(clean).isEmpty(), "nothing set aside: " + setAside(clean));
    }

    @Test
    void anInputThatCannotBeReadEvenWhenRecomputedFailsAfterABoundedNumberOfAttempts() {
        ModelArtifact clean = bed.model.trainClassifier(ActivityTestBed.cleanRequest());
        AtomicInteger reads = new AtomicInteger();

        String outcome = readAsInput(clean.key(), dir -> {
            reads.incrementAndGet();
            throw new CorruptArtifactException(dir.resolve(ModelFiles.MODEL), "unreadable by this version");
        });

        assertTrue(outcome.startsWith("corrupt: ") && outcome.contains("unreadable by this version"), outcome);
        assertEquals(InputArtifacts.ATTEMPTS, reads.get(), "read a bounded number of times, then reported");
    }

    @Test
    void aFullDiskIsRetryableKeepsTheLastCheckpointAndTheRetryContinuesFromIt() throws Exception {
        ModelArtifact clean = bed.model.trainClassifier(ActivityTestBed.cleanRequest());
        InjectBackdoorRequest attack = new InjectBackdoorRequest(clean.key(), ActivityTestBed.DATA,
                TriggerSpec.blackWhite(170), new AttackSettings(0.2, 2, 0.01, 0.9, 32, 0), 5);
        String key = ModelKeys.attacked(attack);
        Path checkpoint = bed.storeDir.resolve(key).resolve("checkpoint.mesa-checkpoint");
        AtomicInteger checkpoints = new AtomicInteger();
        ApplicationFailure failure;
        try (AutoCloseable diskFills = DurableFiles.intercept(target -> {
            if (target.equals(checkpoint) && checkpoints.incrementAndGet() > 1) {
                throw new IOException("No space left on device");
            }
        })) {
            failure = ModelActivitiesTest.failure(() -> bed.model.injectBackdoor(attack));
        }
        assertEquals(FailureTypes.STORE_UNAVAILABLE, failure.getType());
        assertFalse(failure.isNonRetryable(), "a full disk is retried");
        assertTrue(failure.getOriginalMessage().contains("the disk is full"), failure.getOriginalMessage());
        assertTrue(Files.isRegularFile(checkpoint), "the last good checkpoint is kept");
        assertFalse(Files.exists(checkpoint.resolveSibling("manifest.json")), "nothing claims to be complete");
        assertEquals(1.0, bed.registry.get("mesa.activity.failures").tags("activity", "InjectBackdoor", "type",
                FailureTypes.STORE_UNAVAILABLE).counter().count());

        ModelArtifact retried = bed.model.injectBackdoor(attack);

        assertEquals(key, retried.key());
        assertTrue(retried.resumedFromStep() > 0, "continued from the checkpoint written before the disk filled: "
                + retried.resumedFromStep());
        assertFalse(Files.exists(checkpoint), "done: the checkpoint is removed");
    }

    /**
     * A generator whose first checkpoint write fails (a full disk at its start) is retried in the same process from
     * scratch and must end with exactly the weights of a generator trained without the failure.
     */
    @Test
    void aGeneratorRetriedFromScratchInTheSameProcessEqualsAnUninterruptedOne() throws Exception {
        ModelArtifact clean = bed.model.trainClassifier(ActivityTestBed.cleanRequest());
        dev.mesa.workflows.activity.TrainGeneratorRequest request = new dev.mesa.workflows.activity.TrainGeneratorRequest(
                clean.key(), ActivityTestBed.DATA, 0, 0.9, 3, ActivityTestBed.MESA, 5, "detection");
        var uninterrupted = bed.defense.trainGenerator(request);
        byte[] expected = weights(bed.storeDir, uninterrupted.key());

        try (ActivityTestBed other = new ActivityTestBed()) {
            ModelArtifact otherClean = other.model.trainClassifier(ActivityTestBed.cleanRequest());
            assertEquals(clean.key(), otherClean.key());
            ApplicationFailure failure;
            try (AutoCloseable diskFull = DurableFiles.intercept(target -> {
                if (target.getFileName().toString().equals("checkpoint.mesa-checkpoint")) {
                    throw new IOException("No space left on device");
                }
            })) {
                failure = ModelActivitiesTest.failure(() -> other.defense.trainGenerator(request));
            }
            assertEquals(FailureTypes.STORE_UNAVAILABLE, failure.getType());
            var retried = other.defense.trainGenerator(request);
            assertEquals(uninterrupted.key(), retried.key());
            assertEquals(0, retried.resumedFromStep(), "no checkpoint was written: started over");
            assertArrayEquals(expected, weights(other.storeDir, retried.key()), "the same weights as without the failure");
            assertEquals(uninterrupted.meanTestingFunction(), retried.meanTestingFunction());
        }
    }

    private static byte[] weights(Path store, String key) {
        Path file = store.resolve(key).resolve(GeneratorSamples.GENERATOR);
        return dev.mesa.checkpoint.SectionFile.read(file, dev.mesa.distribution.GeneratorFile.KIND).section(file, "generator");
    }
}
