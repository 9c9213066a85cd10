package dev.mesa.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.mesa.checkpoint.CorruptArtifactException;
import dev.mesa.checkpoint.DurableFiles;
import dev.mesa.checkpoint.JsonCodec;
import dev.mesa.checkpoint.SectionFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link TrainingTask} for a number of epochs, resumably and exactly:
 * <ul>
 *   <li>one sub-manager per step, so native memory stays flat;</li>
 *   <li>losses stay on the device and are read every {@code logEverySteps} (no host sync inside steps);
 *       a NaN or infinite value stops the run naming the exact step;</li>
 *   <li>a checkpoint (task state + position) is taken every {@code checkpointEverySteps} and at every epoch
 *       end, and written atomically once the losses up to it and those of the next step (the first computed
 *       from that state) were checked finite, so a run that diverges never leaves a checkpoint that fails at
 *       once; the final checkpoint and the one of a requested stop are written immediately;</li>
 *   <li>if the checkpoint file exists when the loop starts, it continues from it; a checkpoint that fails its
 *       checks is moved aside ({@link DurableFiles#moveAside}) and the loop starts over;</li>
 *   <li>{@link #run(TrainingTask, long)} pauses after a given step: it writes the checkpoint there and returns, and a
 *       later run with the same checkpoint file continues to the end exactly as if it had never paused (every
 *       random draw is keyed by (seed, epoch, step), and nothing in a step depends on where the run stops).</li>
 * </ul>
 */
public final class TrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
    public static final String CHECKPOINT_KIND = "mesa-checkpoint";

    /** Position and fingerprint stored with each checkpoint. */
    public record CheckpointHeader(String task, String fingerprint, long globalStep) {}

    /**
     * How a run ended: steps done in total, the step it resumed from (0 for a fresh run), and the steps of the whole
     * budget ({@code globalSteps < budgetSteps} after a pause).
     */
    public record Outcome(long globalSteps, long resumedFromStep, Map<String, Double> lastMeanLosses, long budgetSteps) {
        /** Whether the whole budget has been trained. */
        public boolean finished() {
            return globalSteps >= budgetSteps;
        }
    }

    private final NDManager rootManager;
    private final LoopSettings settings;
    private final Path checkpointFile;
    private final TrainingListener listener;

    /**
     * @param rootManager    parent of the per-step managers (the device's manager)
     * @param checkpointFile where the latest checkpoint lives; {@code null} for no checkpoints
     */
    public TrainingLoop(NDManager rootManager, LoopSettings settings, Path checkpointFile, TrainingListener listener) {
        this.rootManager = rootManager;
        this.settings = settings;
        this.checkpointFile = checkpointFile;
        this.listener = listener == null ? TrainingListener.NONE : listener;
    }

    /** Trains the whole budget (or what is left of it after a checkpoint). */
    public Outcome run(TrainingTask task) {
        return run(task, Long.MAX_VALUE);
    }

    /**
     * Trains up to step {@code pauseAfterStep} of the budget (or its end, if sooner) and writes a checkpoint there,
     * so that a later {@link #run} continues from it. A checkpoint already at or past that step trains nothing.
     */
    public Outcome run(TrainingTask task, long pauseAfterStep) {
        GradMode.disableOnThisThread();
        int stepsPerEpoch = task.stepsPerEpoch();
        long totalSteps = (long) stepsPerEpoch * settings.epochs();
        long end = Math.min(totalSteps, pauseAfterStep);
        if (end < totalSteps && checkpointFile == null) {
            throw new IllegalArgumentException(task.name() + ": a run that pauses needs a checkpoint file to continue from");
        }
        long start = resume(task);
        Path lastGood = start > 0 ? checkpointFile : null;
        LossWindow window = new LossWindow(task, rootManager);
        Map<String, Double> lastMeans = Map.of();
        long windowStartNanos = System.nanoTime();
        long windowStartStep = start;
        Map<String, byte[]> pending = null;
        long pendingStep = -1;
        try {
            for (long global = start; global < end; global++) {
                int epoch = (int) (global / stepsPerEpoch);
                int stepInEpoch = (int) (global % stepsPerEpoch);
                try (NDManager step = rootManager.newSubManager()) {
                    NDArray losses = task.step(step, epoch, stepInEpoch, global);
                    window.add(losses, global);
                }
                long done = global + 1;
                boolean epochEnd = stepInEpoch == stepsPerEpoch - 1;
                boolean last = done == end;
                boolean checkpointDue = checkpointFile != null
                        && (done % settings.checkpointEverySteps() == 0 || epochEnd || last);
                boolean verifyPending = pending != null;
                boolean drained = done % settings.logEverySteps() == 0 || checkpointDue || epochEnd || last
                        || verifyPending;
                if (drained) {
                    TrainingProgress progress = report(window, lastGood, task, done, totalSteps, epoch,
                            done - windowStartStep, windowStartNanos);
                    lastMeans = progress.meanLosses();
                    windowStartNanos = System.nanoTime();
                    windowStartStep = done;
                    if (epochEnd) {
                        task.onEpochEnd(epoch);
                        listener.onEpochEnd(task.name(), epoch, progress);
                    }
                }
                // asked once per step, after the epoch-end callback: a listener deciding at an epoch's end stops there
                boolean stop = listener.stopRequested();
                if (stop && !drained) {
                    lastMeans = report(window, lastGood, task, done, totalSteps, epoch, done - windowStartStep,
                            windowStartNanos).meanLosses();
                }
                if (verifyPending) {
                    // the step that started from the pending state had finite losses: the state is good
                    writeCheckpoint(task, pending, pendingStep);
                    lastGood = checkpointFile;
                    pending = null;
                }
                if (checkpointDue || (stop && checkpointFile != null)) {
                    Map<String, byte[]> state = task.saveState();
                    if (stop || last) {
                        writeCheckpoint(task, state, done);
                        lastGood = checkpointFile;
                    } else {
                        pending = state;
                        pendingStep = done;
                    }
                }
                if (stop) {
                    throw new TrainingStoppedException(task.name(), done);
                }
            }
        } finally {
            window.close();
        }
        return new Outcome(Math.max(start, end), start, lastMeans, totalSteps);
    }

    /** Reads the loss window to the host (checking every value) and tells the listener. */
    private TrainingProgress report(LossWindow window, Path lastGood, TrainingTask task, long done, long totalSteps,
                                    int epoch, long stepsInWindow, long windowStartNanos) {
        Map<String, Double> means = window.drain(lastGood);
        double seconds = (System.nanoTime() - windowStartNanos) / 1e9;
        double ips = stepsInWindow * (double) task.imagesPerStep() / Math.max(seconds, 1e-9);
        TrainingProgress progress = new TrainingProgress(task.name(), done, totalSteps, epoch, settings.epochs(), means, ips);
        listener.onProgress(progress);
        return progress;
    }

    /**
     * The step to start from: the checkpoint's, or 0 without one. A checkpoint that fails its checks (truncated,
     * altered, of another configuration) is moved aside and the loop starts over; one that passes them but cannot
     * be restored into the task (the task's state may be half-loaded) is moved aside too, and the attempt ends
     * with a retryable {@link CheckpointDiscardedException} so the retry starts from fresh state.
     */
    private long resume(TrainingTask task) {
        if (checkpointFile == null || !Files.exists(checkpointFile)) {
            return 0;
        }
        SectionFile sf;
        CheckpointHeader header;
        try {
            sf = SectionFile.read(checkpointFile, CHECKPOINT_KIND);
            header = JsonCodec.fromBytes(sf.section(checkpointFile, "header"), CheckpointHeader.class, checkpointFile);
            if (!task.fingerprint().equals(header.fingerprint())
                    && !task.formerFingerprints().contains(header.fingerprint())) {
                throw new CorruptArtifactException(checkpointFile, "checkpoint belongs to another configuration ("
                        + header.task() + ")");
            }
        } catch (CorruptArtifactException e) {
            discard(task, e);
            return 0;
        }
        try {
            task.restoreState(sf, checkpointFile);
        } catch (CorruptArtifactException e) {
            throw new CheckpointDiscardedException(task.name(), discard(task, e), e);
        }
        LOG.info("{}: resuming from step {} ({})", task.name(), header.globalStep(), checkpointFile);
        listener.onResume(task.name(), checkpointFile, header.globalStep());
        return header.globalStep();
    }

    private Path discard(TrainingTask task, CorruptArtifactException problem) {
        Path aside = DurableFiles.moveAside(checkpointFile);
        LOG.warn("{}: the checkpoint cannot be used ({}); moved aside to {}, starting over from step 0", task.name(),
                problem.getMessage(), aside);
        listener.onCheckpointDiscarded(task.name(), aside, problem.getMessage());
        return aside;
    }

    private void writeCheckpoint(TrainingTask task, Map<String, byte[]> state, long done) {
        Map<String, byte[]> sections = new LinkedHashMap<>();
        sections.put("header", JsonCodec.toBytes(new CheckpointHeader(task.name(), task.fingerprint(), done)));
        sections.putAll(state);
        new SectionFile(CHECKPOINT_KIND, sections).write(checkpointFile);
        listener.onCheckpoint(task.name(), checkpointFile, done);
    }

    /** Per-step loss vectors kept on the device until the next host read. */
    private static final class LossWindow implements AutoCloseable {
        private final TrainingTask task;
        private final NDManager parent;
        private NDManager manager;
        private NDList pending = new NDList();
        private long firstStep = -1;

        LossWindow(TrainingTask task, NDManager parent) {
            this.task = task;
            this.parent = parent;
            this.manager = parent.newSubManager();
        }

        void add(NDArray losses, long globalStep) {
            NDArray kept = losses.stopGradient();
            kept.attach(manager);
            if (pending.isEmpty()) {
                firstStep = globalStep;
            }
            pending.add(kept);
        }

        /** Reads the window to the host, checks every value, returns the mean of each loss. */
        Map<String, Double> drain(Path lastGood) {
            if (pending.isEmpty()) {
                return Map.of();
            }
            List<String> names = task.lossNames();
            NDArray stacked = NDArrays.stack(pending);
            if (stacked.getDataType() != ai.djl.ndarray.types.DataType.FLOAT32) {
                LOG.warn("{}: losses are {}, expected float32 (a scalar op promoted them)", task.name(), stacked.getDataType());
                stacked = stacked.toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            }
            float[] values = stacked.toFloatArray();
            int k = names.size();
            double[] sums = new double[k];
            int rows = values.length / k;
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < k; j++) {
                    double v = values[r * k + j];
                    if (!Double.isFinite(v)) {
                        throw new NonFiniteLossException(task.name(), names.get(j), firstStep + r, v, lastGood);
                    }
                    sums[j] += v;
                }
            }
            manager.close();
            manager = parent.newSubManager();
            pending = new NDList();
            Map<String, Double> means = new LinkedHashMap<>();
            for (int j = 0; j < k; j++) {
                means.put(names.get(j), sums[j] / rows);
            }
            return means;
        }

        @Override
        public void close() {
            manager.close();
        }
    }
}
