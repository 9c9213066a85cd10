package dev.mesa.training;

import dev.mesa.checkpoint.SectionFile;
import dev.mesa.model.Classifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A damaged checkpoint never ends a run: it is moved aside under a {@code .corrupt-} name, the listener hears of
 * it, and training starts over from step 0, ending bit-for-bit where an uninterrupted run ends.
 */
class CheckpointRecoveryTest {
    @TempDir
    Path tmp;

    /** Records what the loop reports about checkpoints. */
    static final class Recorder implements TrainingListener {
        final List<String> discarded = new ArrayList<>();
        final List<Long> resumedAt = new ArrayList<>();

        @Override
        public void onCheckpointDiscarded(String loop, Path movedTo, String problem) {
            discarded.add(problem);
        }

        @Override
        public void onResume(String loop, Path checkpoint, long globalStep) {
            resumedAt.add(globalStep);
        }
    }

    private static Map<String, byte[]> uninterrupted() {
        try (Classifier c = ClassifierTrainerTest.classifier(5)) {
            ClassifierTrainer t = ClassifierTrainerTest.trainer(c, ClassifierTrainerTest.resumeConfig(4));
            t.train(null, TrainingListener.NONE);
            return t.saveState();
        }
    }

    /** A checkpoint after 4 steps of the resume configuration. */
    private Path checkpointAfterFourSteps() {
        Path checkpoint = tmp.resolve("run/checkpoint.mesa-checkpoint");
        try (Classifier c = ClassifierTrainerTest.classifier(5)) {
            assertThrows(TrainingStoppedException.class, () -> ClassifierTrainerTest.trainer(c,
                    ClassifierTrainerTest.resumeConfig(4)).train(checkpoint, new ClassifierTrainerTest.Interrupter(4)));
        }
        assertEquals(4, TrainingLoopTest.header(checkpoint).globalStep());
        return checkpoint;
    }

    private List<Path> setAside(Path checkpoint) throws IOException {
        try (Stream<Path> files = Files.list(checkpoint.getParent())) {
            return files.filter(p -> p.getFileName().toString().startsWith(checkpoint.getFileName() + ".corrupt-"))
                    .toList();
        }
    }

    private void assertStartsOverAndEndsLikeAnUninterruptedRun(Path checkpoint, byte[] damaged) throws IOException {
        Recorder recorder = new Recorder();
        Map<String, byte[]> state;
        try (Classifier c = ClassifierTrainerTest.classifier(5)) {
            ClassifierTrainer t = ClassifierTrainerTest.trainer(c, ClassifierTrainerTest.resumeConfig(4));
            TrainingLoop.Outcome outcome = t.train(checkpoint, recorder);
            assertEquals(0, outcome.resumedFromStep(), "started over");
            state = t.saveState();
        }
        assertEquals(1, recorder.discarded.size(), "the listener heard of it: " + recorder.discarded);
        assertEquals(List.of(), recorder.resumedAt);
        List<Path> aside = setAside(checkpoint);
        assertEquals(1, aside.size(), "kept aside for inspection: " + aside);
        assertTrue(Arrays.equals(damaged, Files.readAllBytes(aside.get(0))), "the damaged bytes, unchanged");
        ClassifierTrainerTest.assertSameState(uninterrupted(), state);
    }

    @Test
    void aTruncatedCheckpointIsMovedAsideAndTrainingStartsOver() throws IOException {
        Path checkpoint = checkpointAfterFourSteps();
        byte[] bytes = Files.readAllBytes(checkpoint);
        byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);
        Files.write(checkpoint, truncated);
        assertStartsOverAndEndsLikeAnUninterruptedRun(checkpoint, truncated);
    }

    @Test
    void aBitFlippedCheckpointIsMovedAsideAndTrainingStartsOver() throws IOException {
        Path checkpoint = checkpointAfterFourSteps();
        byte[] flipped = Files.readAllBytes(checkpoint);
        flipped[flipped.length / 3] ^= 0x10;
        Files.write(checkpoint, flipped);
        assertStartsOverAndEndsLikeAnUninterruptedRun(checkpoint, flipped);
    }

    /**
     * A checkpoint whose checksum and header are right but whose parameters do not fit the model: the task may be
     * half-restored, so the attempt ends with a retryable failure, and the retry starts over from fresh state.
     */
    @Test
    void aCheckpointThatCannotBeRestoredEndsTheAttemptRetryablyAndTheRetryStartsOver() throws IOException {
        Path checkpoint = checkpointAfterFourSteps();
        SectionFile good = SectionFile.read(checkpoint, TrainingLoop.CHECKPOINT_KIND);
        Map<String, byte[]> sections = new LinkedHashMap<>(good.sections());
        sections.put("parameters", Arrays.copyOf(sections.get("parameters"), 40));
        new SectionFile(TrainingLoop.CHECKPOINT_KIND, sections).write(checkpoint);
        byte[] damaged = Files.readAllBytes(checkpoint);

        Recorder first = new Recorder();
        try (Classifier c = ClassifierTrainerTest.classifier(5)) {
            CheckpointDiscardedException e = assertThrows(CheckpointDiscardedException.class,
                    () -> ClassifierTrainerTest.trainer(c, ClassifierTrainerTest.resumeConfig(4)).train(checkpoint, first));
            assertTrue(e.getMessage().contains("moved aside"), e.getMessage());
        }
        assertEquals(1, first.discarded.size());
        assertFalse(Files.exists(checkpoint), "no checkpoint is left for the retry to trip over");
        assertEquals(1, setAside(checkpoint).size());
        assertTrue(Arrays.equals(damaged, Files.readAllBytes(setAside(checkpoint).get(0))));

        Map<String, byte[]> retried;
        try (Classifier c = ClassifierTrainerTest.classifier(5)) {
            ClassifierTrainer t = ClassifierTrainerTest.trainer(c, ClassifierTrainerTest.resumeConfig(4));
            assertEquals(0, t.train(checkpoint, TrainingListener.NONE).resumedFromStep());
            retried = t.saveState();
        }
        ClassifierTrainerTest.assertSameState(uninterrupted(), retried);
    }

    /**
     * The checkpoint's fingerprint names what changes the result, not how often the loop logs or checkpoints: a worker
     * restarted with another {@code --checkpoint-every} resumes the run instead of throwing the checkpoint away (with
     * the records' text as the fingerprint, the loop's intervals were part of it).
     */
    @Test
    void aCheckpointWrittenWithAnotherCheckpointCadenceIsResumed() {
        Path checkpoint = checkpointAfterFourSteps();
        Recorder recorder = new Recorder();
        Map<String, byte[]> state;
        try (Classifier c = ClassifierTrainerTest.classifier(5)) {
            ClassifierTrainer t = ClassifierTrainerTest.trainer(c, ClassifierTrainerTest.resumeConfig(3));
            assertEquals(4, t.train(checkpoint, recorder).resumedFromStep());
            state = t.saveState();
        }
        assertEquals(List.of(), recorder.discarded);
        ClassifierTrainerTest.assertSameState(uninterrupted(), state);
    }

    /** A checkpoint an older version wrote, fingerprinted with the records' text, is still resumed after an upgrade. */
    @Test
    void aCheckpointWithTheFormerFingerprintIsResumed() throws IOException {
        Path checkpoint = checkpointAfterFourSteps();
        String former;
        try (Classifier c = ClassifierTrainerTest.classifier(5)) {
            ClassifierTrainer t = ClassifierTrainerTest.trainer(c, ClassifierTrainerTest.resumeConfig(4));
            former = t.formerFingerprints().get(0);
            assertTrue(former.contains("ClassifierTrainingConfig["), "the former form is the records' text: " + former);
            assertFalse(former.equals(t.fingerprint()));
        }
        SectionFile good = SectionFile.read(checkpoint, TrainingLoop.CHECKPOINT_KIND);
        Map<String, byte[]> sections = new LinkedHashMap<>(good.sections());
        TrainingLoop.CheckpointHeader header = TrainingLoopTest.header(checkpoint);
        sections.put("header", dev.mesa.checkpoint.JsonCodec.toBytes(new TrainingLoop.CheckpointHeader(header.task(),
                former, header.globalStep())));
        new SectionFile(TrainingLoop.CHECKPOINT_KIND, sections).write(checkpoint);

        Recorder recorder = new Recorder();
        Map<String, byte[]> state;
        try (Classifier c = ClassifierTrainerTest.classifier(5)) {
            ClassifierTrainer t = ClassifierTrainerTest.trainer(c, ClassifierTrainerTest.resumeConfig(4));
            assertEquals(4, t.train(checkpoint, recorder).resumedFromStep());
            state = t.saveState();
        }
        assertEquals(List.of(), recorder.discarded);
        ClassifierTrainerTest.assertSameState(uninterrupted(), state);
    }

    /** A checkpoint of another configuration (another seed) is still refused: moved aside, training starts over. */
    @Test
    void aCheckpointOfAnotherConfigurationIsStillRefused() {
        Path checkpoint = checkpointAfterFourSteps();
        Recorder recorder = new Recorder();
        try (Classifier c = ClassifierTrainerTest.classifier(5)) {
            ClassifierTrainer t = ClassifierTrainerTest.trainer(c, ClassifierTrainerTest.resumeConfig(4).withSeed(12));
            assertEquals(0, t.train(checkpoint, recorder).resumedFromStep());
        }
        assertEquals(1, recorder.discarded.size());
        assertTrue(recorder.discarded.get(0).contains("another configuration"), recorder.discarded.toString());
    }
}
