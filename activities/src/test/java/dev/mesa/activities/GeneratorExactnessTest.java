package dev.mesa.activities;

import dev.mesa.activities.heartbeat.HeartbeatDetails;
import dev.mesa.activities.store.RunDirectory;
import dev.mesa.checkpoint.DurableFiles;
import dev.mesa.checkpoint.JsonCodec;
import dev.mesa.checkpoint.SectionFile;
import dev.mesa.distribution.GeneratorFile;
import dev.mesa.training.TrainingLoop;
import dev.mesa.workflows.activity.FailureTypes;
import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A detection generator ends with exactly the weights and figures of one uninterrupted run, whatever happened on the
 * way: a full store at a checkpoint in the middle of the run (retried from the checkpoint before it), a resume from a
 * periodic checkpoint rather than one written at a stop (the checkpoint holds G, T, both optimisers, MINE's moving
 * average and the trace; every random draw is keyed by step), and two attempts of the same request running at once on
 * one run directory (the lost server's attempt and the new workflow's).
 *
 * <p>Every case compares with one uninterrupted reference trained once, on the same model file, in this process and
 * on this thread count, with a tolerance of zero.
 */
class GeneratorExactnessTest {
    /** Losses every 2 steps, a checkpoint every 4, every heartbeat forwarded. */
    private static final TrainingCadence FREQUENT = new TrainingCadence(2, 4, Duration.ZERO, 256);
    /** 240 defence images, batch 32: 7 steps per epoch; 6 epochs of detection (42 steps), scanned for 2. */
    private static final MesaSettings DETECTION = new MesaSettings(List.of(0.9), 0.1, 0.9, 6, 6, 32, 0.1, 64, 64,
            2e-3, 0.001, 0.5, 2.0);
    private static final int SCAN_EPOCHS = 2;
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);

    private static Path modelStore;
    private static ModelArtifact model;
    private static GeneratorArtifact reference;
    private static byte[] referenceWeights;
    /** A copy of the reference run's periodic (not stop-written) checkpoint at {@link #periodicStep}. */
    private static Path periodicCheckpoint;
    private static long periodicStep;

    @BeforeAll
    static void trainReference() throws Exception {
        modelStore = ActivityTestBed.newStore();
        try (ActivityTestBed bed = new ActivityTestBed(modelStore, FREQUENT, HEARTBEAT_TIMEOUT)) {
            model = bed.model.trainClassifier(ActivityTestBed.cleanRequest());
        }
        Path store = storeWithModel();
        periodicCheckpoint = Files.createTempFile("mesa-periodic", ".mesa-checkpoint");
        AtomicInteger writes = new AtomicInteger();
        try (ActivityTestBed once = new ActivityTestBed(store, FREQUENT, HEARTBEAT_TIMEOUT);
             AutoCloseable keep = DurableFiles.intercept(target -> {
                 // checkpoints at steps 4, 7, 8, 12, 14, 16, 20, 21, ...: before the 8th is written, the file holds
                 // step 20's, a periodic one past the scan (a kill between two checkpoints leaves such a file)
                 if (target.getFileName().toString().equals(RunDirectory.CHECKPOINT)
                         && writes.incrementAndGet() == 8) {
                     Files.copy(target, periodicCheckpoint, StandardCopyOption.REPLACE_EXISTING);
                 }
             })) {
            reference = once.defense.trainGenerator(request());
        }
        SectionFile copied = SectionFile.read(periodicCheckpoint, TrainingLoop.CHECKPOINT_KIND);
        periodicStep = JsonCodec.fromBytes(copied.section(periodicCheckpoint, "header"),
                TrainingLoop.CheckpointHeader.class, periodicCheckpoint).globalStep();
        assertEquals(20, periodicStep, "a checkpoint between two epoch ends");
        assertEquals(0, reference.resumedFromStep());
        referenceWeights = weights(store, reference);
        // for comparing processes: the same reference trained in another JVM (another allocator, another history)
        // must print the same digest
        System.out.println("reference generator: E[F] " + reference.meanTestingFunction() + ", MI "
                + reference.mutualInformation() + ", weights sha256 " + java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(referenceWeights)));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        Files.deleteIfExists(periodicCheckpoint);
    }

    private static TrainGeneratorRequest request() {
        return new TrainGeneratorRequest(model.key(), ActivityTestBed.DATA, 0, 0.9, 3, DETECTION, 21,
                TrainGeneratorRequest.DETECTION, List.of(SCAN_EPOCHS), null);
    }

    private static TrainGeneratorRequest scan() {
        return request().stoppingAfter(SCAN_EPOCHS);
    }

    /** A new store holding only the trained model, as another worker's store would. */
    private static Path storeWithModel() throws IOException {
        Path store = ActivityTestBed.newStore();
        Path dir = Files.createDirectories(store.resolve(model.key()));
        try (var files = Files.list(modelStore.resolve(model.key()))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return store;
    }

    private static byte[] weights(Path store, GeneratorArtifact g) {
        Path file = store.resolve(g.key()).resolve(GeneratorSamples.GENERATOR);
        return SectionFile.read(file, GeneratorFile.KIND).section(file, "generator");
    }

    private static void assertSameAsReference(Path store, GeneratorArtifact g) {
        assertEquals(reference.key(), g.key());
        assertEquals(reference.meanTestingFunction(), g.meanTestingFunction(), "E[F]");
        assertEquals(reference.mutualInformation(), g.mutualInformation(), "MI");
        assertEquals(reference.sampleAsr(), g.sampleAsr(), "sample ASR");
        assertEquals(reference.diversity(), g.diversity(), "diversity");
        assertEquals(reference.trace(), g.trace(), "trace");
        assertArrayEquals(referenceWeights, weights(store, g), "identical generator weights");
    }

    /** (a) The store fills up at the third checkpoint; the retry continues from the one before and ends identical. */
    @Test
    void aFullStoreAtAMidRunCheckpointIsRetriedFromTheCheckpointBeforeAndEndsIdentical() throws Exception {
        Path store = storeWithModel();
        AtomicInteger checkpointWrites = new AtomicInteger();
        try (ActivityTestBed bed = new ActivityTestBed(store, FREQUENT, HEARTBEAT_TIMEOUT)) {
            ApplicationFailure failure;
            try (AutoCloseable full = DurableFiles.intercept(target -> {
                if (target.getFileName().toString().equals(RunDirectory.CHECKPOINT)
                        && checkpointWrites.incrementAndGet() == 3) {
                    throw new IOException("No space left on device");
                }
            })) {
                failure = ModelActivitiesTest.failure(() -> bed.defense.trainGenerator(request()));
            }
            assertEquals(FailureTypes.STORE_UNAVAILABLE, failure.getType());
            assertFalse(failure.isNonRetryable());
            GeneratorArtifact retried = bed.defense.trainGenerator(request());
            // a periodic checkpoint is written once the next step's losses are checked: the third write (step 8's)
            // fails after step 9, and the file on disk holds the second (step 7's)
            assertEquals(7, retried.resumedFromStep(), "continued from the checkpoint before the full store");
            assertSameAsReference(store, retried);
        }
    }

    /** (c) A kill leaves a periodic checkpoint (not one written at a stop); the retry from it ends identical. */
    @Test
    void aResumeFromAPeriodicCheckpointEndsIdentical() throws Exception {
        Path store = storeWithModel();
        Path dir = Files.createDirectories(store.resolve(reference.key()));
        Files.copy(periodicCheckpoint, dir.resolve(RunDirectory.CHECKPOINT));
        try (ActivityTestBed bed = new ActivityTestBed(store, FREQUENT, HEARTBEAT_TIMEOUT)) {
            GeneratorArtifact resumed = bed.defense.trainGenerator(request());
            assertEquals(periodicStep, resumed.resumedFromStep(), "resumed from the copied checkpoint");
            assertSameAsReference(store, resumed);
        }
    }

    /** (c) The scan pauses, its continuation resumes it from the pause, and a kill in the continuation resumes too. */
    @Test
    void aScanItsContinuationAndAResumeInsideItEndIdentical() throws Exception {
        Path store = storeWithModel();
        try (ActivityTestBed bed = new ActivityTestBed(store, FREQUENT, HEARTBEAT_TIMEOUT)) {
            GeneratorArtifact scanned = bed.defense.trainGenerator(scan());
            assertEquals(SCAN_EPOCHS, scanned.epochs());
            assertEquals(reference.trace().get(0).meanTestingFunction(), scanned.meanTestingFunction(),
                    "the scan's figures are the reference's trace point");
            GeneratorArtifact full = bed.defense.trainGenerator(request());
            assertEquals(7L * SCAN_EPOCHS, full.resumedFromStep());
            assertSameAsReference(store, full);
        }
    }

    /**
     * (b) Two attempts of one request at once on one run directory: the first is held at its third checkpoint until
     * the second (started then, so it resumes from the first's checkpoint) has written a checkpoint of its own; then
     * both run to the end, overwriting each other's checkpoints. Both answer the reference, and the stored generator
     * is the reference's.
     */
    @Test
    void twoConcurrentAttemptsOnOneRunDirectoryBothEndIdentical() throws Exception {
        Path store = storeWithModel();
        CountDownLatch startSecond = new CountDownLatch(1);
        CountDownLatch secondCheckpointed = new CountDownLatch(1);
        AtomicReference<Thread> firstThread = new AtomicReference<>();
        AtomicInteger firstWrites = new AtomicInteger();
        try (ActivityTestBed old = new ActivityTestBed(store, FREQUENT, HEARTBEAT_TIMEOUT);
             ActivityTestBed fresh = new ActivityTestBed(store, FREQUENT, HEARTBEAT_TIMEOUT);
             AutoCloseable interleave = DurableFiles.intercept(target -> {
                 if (!target.getFileName().toString().equals(RunDirectory.CHECKPOINT)) {
                     return;
                 }
                 firstThread.compareAndSet(null, Thread.currentThread()); // only the first runs before the latch
                 if (Thread.currentThread() != firstThread.get()) {
                     secondCheckpointed.countDown();
                 } else if (firstWrites.incrementAndGet() == 3) {
                     startSecond.countDown();
                     try {
                         assertTrue(secondCheckpointed.await(2, TimeUnit.MINUTES), "the second attempt checkpointed");
                     } catch (InterruptedException e) {
                         Thread.currentThread().interrupt();
                         throw new IOException(e);
                     }
                 }
             })) {
            CompletableFuture<GeneratorArtifact> first = CompletableFuture.supplyAsync(
                    () -> old.defense.trainGenerator(request()));
            assertTrue(startSecond.await(2, TimeUnit.MINUTES), "the first attempt reached its third checkpoint");
            CompletableFuture<GeneratorArtifact> second = CompletableFuture.supplyAsync(
                    () -> fresh.defense.trainGenerator(request()));
            GeneratorArtifact a = first.get(10, TimeUnit.MINUTES);
            GeneratorArtifact b = second.get(10, TimeUnit.MINUTES);
            System.out.println("concurrent attempts: first resumed from " + a.resumedFromStep() + ", second from "
                    + b.resumedFromStep() + (b.reused() ? " (reused)" : ""));
            assertEquals(0, a.resumedFromStep());
            assertEquals(7, b.resumedFromStep(), "the second resumed from the first's checkpoint");
            assertSameAsReference(store, a);
            assertSameAsReference(store, b);
        }
    }

    /**
     * (d) Process history: tensors made from host arrays live in direct buffers wherever the native allocator puts
     * them, so a worker that has done other work (here: an attack that failed on a full store and was retried, and
     * a few thousand direct buffers of odd sizes kept alive) trains on differently aligned inputs. The generator
     * must not depend on that.
     */
    @Test
    void aGeneratorTrainedAfterOtherWorkAndWithTheNativeHeapShiftedEndsIdentical() throws Exception {
        Path store = storeWithModel();
        List<java.nio.ByteBuffer> kept = new java.util.ArrayList<>();
        java.util.SplittableRandom sizes = new java.util.SplittableRandom(13);
        try (ActivityTestBed bed = new ActivityTestBed(store, FREQUENT, HEARTBEAT_TIMEOUT)) {
            var attack = new dev.mesa.workflows.activity.InjectBackdoorRequest(model.key(), ActivityTestBed.DATA,
                    dev.mesa.workflows.activity.TriggerSpec.blackWhite(170),
                    new dev.mesa.workflows.activity.AttackSettings(0.2, 1, 0.01, 0.9, 32, 0), 5);
            AtomicInteger writes = new AtomicInteger();
            try (AutoCloseable full = DurableFiles.intercept(target -> {
                if (target.getFileName().toString().equals(RunDirectory.CHECKPOINT) && writes.incrementAndGet() == 2) {
                    throw new IOException("No space left on device");
                }
            })) {
                ModelActivitiesTest.failure(() -> bed.model.injectBackdoor(attack));
            }
            bed.model.injectBackdoor(attack);
            for (int i = 0; i < 4000; i++) {
                kept.add(java.nio.ByteBuffer.allocateDirect(4 + 4 * sizes.nextInt(1, 700)));
            }
            GeneratorArtifact again = bed.defense.trainGenerator(request());
            assertEquals(0, again.resumedFromStep());
            assertSameAsReference(store, again);
        }
        assertEquals(4000, kept.size());
    }
}
