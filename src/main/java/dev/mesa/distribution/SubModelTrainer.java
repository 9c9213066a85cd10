package dev.mesa.distribution;

import dev.mesa.data.ImageDataset;
import dev.mesa.model.Classifier;
import dev.mesa.training.LoopIntervals;
import dev.mesa.training.TrainingListener;
import dev.mesa.training.TrainingLoop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Trains one MESA sub-model end to end: initialise G and T, train (resumably) against the frozen
 * classifier, measure it, and write the generator file with its report. A {@link Plan} can pause the run after a
 * number of epochs (the generator file and the checkpoint then hold that state, and the same call without the pause
 * continues from the checkpoint to the end of the budget, with the result of a run that never paused) and can
 * measure the sub-model after chosen epochs (its trace).
 */
public final class SubModelTrainer {
    /** Where a sub-model's checkpoint and final file go. */
    public record Paths(Path checkpoint, Path generatorFile) {}

    /**
     * How far to train now and what to measure on the way.
     *
     * @param pauseAfterEpochs stop after this many epochs of the budget (the budget itself, or more, for no pause)
     * @param tracedEpochs     epochs (counted from 1) after which the sub-model is measured; the epoch the run
     *                         stops at is always measured (it is the returned report)
     */
    public record Plan(int pauseAfterEpochs, Set<Integer> tracedEpochs) {
        public Plan {
            if (pauseAfterEpochs < 1) {
                throw new IllegalArgumentException("a sub-model trains at least one epoch before pausing, got "
                        + pauseAfterEpochs);
            }
            tracedEpochs = Set.copyOf(tracedEpochs);
            if (tracedEpochs.stream().anyMatch(e -> e < 1)) {
                throw new IllegalArgumentException("traced epochs count from 1, got " + tracedEpochs);
            }
        }

        /** The whole budget, measured at its end only. */
        public static Plan whole() {
            return new Plan(Integer.MAX_VALUE, Set.of());
        }
    }

    /**
     * What a (possibly paused) run produced: the report of the state it stopped at, every measurement so far in
     * epoch order (the report last), whether the whole budget is trained, and the steps of one epoch (a point's
     * epoch is its steps over these).
     */
    public record Result(SubModelReport report, List<SubModelReport> trace, boolean finished, int stepsPerEpoch) {
        public Result {
            trace = List.copyOf(trace);
        }

        /** The epochs (counted from 1) after which {@code point} was measured. */
        public int epochOf(SubModelReport point) {
            return Math.toIntExact(point.steps() / stepsPerEpoch);
        }
    }

    private final LoopIntervals intervals;
    private final int evaluationBatchSize;
    private final SubModelEvaluator.Measurement measurement;

    /** Measures the sub-model as the paper does, on the defence images only. */
    public SubModelTrainer(LoopIntervals intervals, int evaluationBatchSize) {
        this(intervals, evaluationBatchSize, SubModelEvaluator.Measurement.paper(null));
    }

    public SubModelTrainer(LoopIntervals intervals, int evaluationBatchSize, SubModelEvaluator.Measurement measurement) {
        this.intervals = intervals;
        this.evaluationBatchSize = evaluationBatchSize;
        this.measurement = measurement;
    }

    public static SubModelTrainer defaults() {
        return defaults(SubModelEvaluator.Measurement.paper(null));
    }

    /** The default intervals and evaluation batch, measuring as {@code measurement} says. */
    public static SubModelTrainer defaults(SubModelEvaluator.Measurement measurement) {
        return new SubModelTrainer(new LoopIntervals(20, 62), 256, measurement);
    }

    /** The whole budget; returns the final report. */
    public SubModelReport train(Classifier backdoored, ImageDataset defenseImages, int targetClass, double beta,
                                int triggerSize, MesaConfig config, long seed, Paths paths, TrainingListener listener) {
        return train(backdoored, defenseImages, targetClass, beta, triggerSize, config, seed, paths, Plan.whole(),
                listener).report();
    }

    /**
     * Trains as {@code plan} says. Every measurement uses the same evaluation streams (from {@code seed}), so the
     * points of a trace differ only by the generator, and the last point of a whole run is the report an untraced
     * run gives. A pausing call whose checkpoint is already past its pause trains nothing and reports the point
     * measured at the pause (kept in the checkpoint), leaving the generator file as it is.
     */
    public Result train(Classifier backdoored, ImageDataset defenseImages, int targetClass, double beta,
                        int triggerSize, MesaConfig config, long seed, Paths paths, Plan plan, TrainingListener listener) {
        int channels = defenseImages.shape().channels();
        int stopEpoch = Math.min(plan.pauseAfterEpochs(), config.epochs());
        Set<Integer> measured = new TreeSet<>(plan.tracedEpochs());
        measured.removeIf(e -> e > config.epochs());
        measured.add(stopEpoch);
        SubModelEvaluator evaluator = new SubModelEvaluator(evaluationBatchSize, measurement);
        try (TriggerGeneratorModel model = TriggerGeneratorModel.create(config, channels, triggerSize, triggerSize, seed,
                backdoored.device())) {
            GeneratorTrainer trainer = new GeneratorTrainer(model, backdoored, defenseImages, targetClass, beta, seed)
                    .traceAfter(measured, steps -> evaluator.evaluate(model, backdoored, defenseImages, targetClass,
                            beta, steps, seed));
            TrainingLoop.Outcome outcome = trainer.train(intervals, paths.checkpoint(), listener, stopEpoch);
            long stopStep = (long) stopEpoch * trainer.stepsPerEpoch();
            List<SubModelReport> trace = new ArrayList<>(trainer.trace());
            SubModelReport report = trace.stream().filter(p -> p.steps() == stopStep).findFirst().orElse(null);
            if (report == null) {
                // the checkpoint was written at the stop by a run that did not measure it there, or (a pausing run
                // asked again after its continuation began) past the stop without a point there: report the state now
                report = evaluator.evaluate(model, backdoored, defenseImages, targetClass, beta, outcome.globalSteps(),
                        seed);
                trace.add(report);
            }
            long reported = report.steps();
            trace.removeIf(p -> p.steps() > reported);
            trace.sort(java.util.Comparator.comparingLong(SubModelReport::steps));
            if (outcome.globalSteps() == reported) { // the file holds the state its header describes
                GeneratorFile.save(paths.generatorFile(), model, new GeneratorMetadata(GeneratorMetadata.FORMAT_VERSION,
                        config, channels, triggerSize, triggerSize, targetClass, beta, backdoored.spec().toString(),
                        report, trace));
            }
            return new Result(report, trace, reported >= outcome.budgetSteps(), trainer.stepsPerEpoch());
        }
    }
}
