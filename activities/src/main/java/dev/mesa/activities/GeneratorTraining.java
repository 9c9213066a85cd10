package dev.mesa.activities;

import dev.mesa.activities.metrics.MesaMetrics;
import dev.mesa.activities.metrics.MetricNames;
import dev.mesa.activities.store.ArtifactStore;
import dev.mesa.activities.store.RunDirectory;
import dev.mesa.distribution.GeneratorTrainer;
import dev.mesa.data.DefenseSplit;
import dev.mesa.distribution.MesaConfig;
import dev.mesa.distribution.SubModelEvaluator;
import dev.mesa.distribution.SubModelTrainer;
import dev.mesa.model.Classifier;
import dev.mesa.training.TrainingProgress;
import dev.mesa.workflows.activity.ActivityNames;
import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.TrainGeneratorRequest;

import java.util.List;
import java.util.Set;

/**
 * {@code trainGenerator}: one MESA sub-model for (class, β) against the frozen model, on the defence split; writes
 * the generator file and a grid of samples, and publishes the generator's losses while it trains.
 *
 * <p>A request that stops early (a detection scan) trains to its stop in the run directory of the whole request
 * (the stop is not part of the key), writes the generator and grid of that state and keeps the checkpoint; the run is
 * not finished. The same request without the stop then resumes from that checkpoint to the end of the budget. The
 * scan's figures are a point of the generator's trace, kept in the checkpoint and in the finished result, so a
 * repeated scan answers from them without training or measuring again.
 */
final class GeneratorTraining {
    static final String ACTIVITY = ActivityNames.TRAIN_GENERATOR;
    static final String KIND = "generators";
    /** Request fields that label a run or stop it early but do not name it. */
    private static final Set<String> NOT_IDENTITY = Set.of(TrainGeneratorRequest.STOP_AFTER_EPOCHS,
            TrainGeneratorRequest.RUN);
    private final ActivityResources resources;

    GeneratorTraining(ActivityResources resources) {
        this.resources = resources;
    }

    GeneratorArtifact run(TrainGeneratorRequest raw) {
        MesaSettings settings = (raw.settings() != null ? raw.settings() : MesaSettings.defaults())
                .withDefaults().validate();
        if (!List.of(TrainGeneratorRequest.DETECTION, TrainGeneratorRequest.STAIRCASE).contains(raw.purpose())) {
            throw new IllegalArgumentException("purpose must be detection or staircase, got " + raw.purpose());
        }
        MesaConfig.requireBeta(raw.beta());
        if (raw.stopAfterEpochs() != null && raw.stopAfterEpochs() < 1) {
            throw new IllegalArgumentException("stopAfterEpochs must be >= 1 (or absent for the whole budget), got "
                    + raw.stopAfterEpochs());
        }
        if (raw.traceEpochs() != null && raw.traceEpochs().stream().anyMatch(e -> e < 1)) {
            throw new IllegalArgumentException("traceEpochs count from 1, got " + raw.traceEpochs());
        }
        if (raw.measurement() != null && !TrainGeneratorRequest.MEASUREMENTS.contains(raw.measurement())) {
            throw new IllegalArgumentException("measurement must be one of " + TrainGeneratorRequest.MEASUREMENTS
                    + " (or absent for " + TrainGeneratorRequest.FIRST_MEASUREMENT + "), got " + raw.measurement());
        }
        TrainGeneratorRequest request = new TrainGeneratorRequest(raw.modelKey(), DatasetCatalog.resolve(raw.dataset()),
                raw.targetClass(), raw.beta(), raw.triggerSize(), settings, raw.seed(), raw.purpose(),
                raw.traceEpochs() != null ? raw.traceEpochs().stream().distinct().sorted().toList() : List.of(),
                raw.stopAfterEpochs(), raw.measurement(), raw.run());
        Opened opened = open(request);
        TrainGeneratorRequest asRun = opened.request();
        RunDirectory run = opened.run();
        return run.reuseOr(GeneratorArtifact.class, stored -> reused(asRun, stored), () -> train(asRun, run));
    }

    /** A generator's run directory and the request it trains under (the one its checkpoint was made with). */
    private record Opened(RunDirectory run, TrainGeneratorRequest request) {}

    /**
     * The run of {@code request}: keyed by, and trained under, what shapes its generator ({@link #identity}; the
     * settings that only decide are not used by the training), except where the store already holds a run of the
     * same generator under another key, which is then continued where it is:
     * <ul>
     *   <li>a run that a release before the identity started under the whole request's key (the two differ only
     *       when a decision setting or the other purpose's budget was not at its default), so an upgrade loses
     *       nothing computed;</li>
     *   <li>for a full-protocol detection request (no trace, the whole budget), the run of the scan's request for
     *       the same generator (the same request traced at the scan's end): a class the scan continued is reused,
     *       one it stopped resumes from its checkpoint, and its result carries the scan's trace point besides.</li>
     * </ul>
     */
    private Opened open(TrainGeneratorRequest request) {
        String label = "c" + request.targetClass() + "-b" + MesaMetrics.betaLabel(request.beta()) + "-"
                + request.purpose();
        ArtifactStore store = resources.store();
        TrainGeneratorRequest identity = identity(request);
        if (!store.holds(ArtifactStore.keyFor(KIND, label, identity, NOT_IDENTITY))) {
            if (store.holds(ArtifactStore.keyFor(KIND, label, request, NOT_IDENTITY))) {
                return new Opened(store.run(KIND, label, ACTIVITY, request, NOT_IDENTITY), request);
            }
            TrainGeneratorRequest scan = identity(scanOf(request));
            if (!scan.equals(identity) && store.holds(ArtifactStore.keyFor(KIND, label, scan, NOT_IDENTITY))) {
                return new Opened(store.run(KIND, label, ACTIVITY, scan, NOT_IDENTITY), scan);
            }
        }
        return new Opened(store.run(KIND, label, ACTIVITY, identity, NOT_IDENTITY), identity);
    }

    /**
     * The scan's request for the generator of the full-protocol detection {@code request}: the same request traced
     * where the workflow's scan traces ({@link MesaSettings#detectionTraceEpochs} under the scan protocol);
     * {@code request} itself when it is not one (traced, stopping early, or no scan fits in its budget).
     */
    static TrainGeneratorRequest scanOf(TrainGeneratorRequest request) {
        List<Integer> scanTrace = request.settings().withDetection(MesaSettings.SCAN).detectionTraceEpochs();
        boolean fullDetection = TrainGeneratorRequest.DETECTION.equals(request.purpose())
                && request.traceEpochs().isEmpty() && request.stopAfterEpochs() == null && !scanTrace.isEmpty();
        return fullDetection ? request.tracedAfter(scanTrace) : request;
    }

    /**
     * What names a generator's run: {@code request} (settings with their defaults) with its settings reduced to the
     * ones that shape this generator ({@link MesaSettings#shapingGenerator}). Two defences that differ only in how
     * they decide (thresholds, staircase levels, detection protocol) share their generators.
     */
    static TrainGeneratorRequest identity(TrainGeneratorRequest request) {
        return request.withSettings(request.settings().shapingGenerator(request.epochBudget()));
    }

    /** A finished run answers a scan with the point of its trace at the scan's end. */
    private GeneratorArtifact reused(TrainGeneratorRequest request, GeneratorArtifact stored) {
        GeneratorArtifact answer = request.stopsEarly() ? GeneratorArtifacts.atEpoch(stored, request.stopAfterEpochs())
                : stored;
        publish(request.run(), answer);
        return Reuse.of(answer);
    }

    private GeneratorArtifact train(TrainGeneratorRequest request, RunDirectory run) {
        var data = resources.datasets().splits(request.dataset());
        var split = resources.datasets().defenseSplit(request.dataset());
        MesaConfig config = TrainingConfigs.mesa(request.settings(), request.epochBudget());
        try (TrainingSession session = TrainingSession.start(ACTIVITY, MetricNames.LOOP_MESA, run, resources,
                progress -> publishTraining(request, progress));
             Classifier classifier = ModelFiles.load(resources, "modelKey", request.modelKey(), data)) {
            SubModelTrainer.Plan plan = new SubModelTrainer.Plan(request.stopsEarly() ? request.stopAfterEpochs()
                    : Integer.MAX_VALUE, Set.copyOf(request.traceEpochs()));
            SubModelTrainer.Result result = session.train(listener -> new SubModelTrainer(
                    TrainingConfigs.intervals(resources.cadence()), resources.cadence().evaluationBatchSize(),
                    measurement(request, split))
                    .train(classifier, split.defense(), request.targetClass(), request.beta(), request.triggerSize(),
                            config, request.seed(), new SubModelTrainer.Paths(run.checkpoint(),
                                    run.file(GeneratorSamples.GENERATOR)), plan, listener));
            GeneratorSamples.writeGrid(run.file(GeneratorSamples.GENERATOR), run.file(GeneratorSamples.GRID),
                    request.seed(), resources.device());
            GeneratorArtifact artifact = GeneratorArtifacts.of(run.key(), result, session.resumedFromStep());
            publish(request.run(), artifact);
            // only a request for the whole budget finishes the run: a scan leaves it open for its continuation
            return result.finished() && !request.stopsEarly() ? run.finish(artifact) : artifact;
        }
    }

    /** The measurement {@code request} asks for: the first release's, or the paper's (two passes or one). */
    private static SubModelEvaluator.Measurement measurement(TrainGeneratorRequest request, DefenseSplit split) {
        return switch (request.measurementOrFirst()) {
            case TrainGeneratorRequest.FIRST_MEASUREMENT -> SubModelEvaluator.Measurement.FIRST_RELEASE;
            case TrainGeneratorRequest.PAPER_MEASUREMENT -> SubModelEvaluator.Measurement.paper(split.evaluation());
            default -> SubModelEvaluator.Measurement.onePass(split.evaluation());
        };
    }

    private void publish(String runLabel, GeneratorArtifact g) {
        resources.metrics().generatorResult(runLabel, g.targetClass(), g.beta(), g.meanTestingFunction(), g.sampleAsr(),
                g.mutualInformation());
    }

    /** The loop's window means of the hinge, F, the MINE bound and the batch ASR, while the generator trains. */
    private void publishTraining(TrainGeneratorRequest request, TrainingProgress progress) {
        var losses = progress.meanLosses();
        Double hinge = losses.get(GeneratorTrainer.HINGE_LOSS);
        Double testing = losses.get(GeneratorTrainer.TESTING_FUNCTION);
        Double bound = losses.get(GeneratorTrainer.MI_LOWER_BOUND);
        if (hinge != null && testing != null && bound != null) {
            resources.metrics().generatorTraining(request.run(), request.targetClass(), request.beta(), hinge, testing,
                    bound,
                    losses.get(GeneratorTrainer.BATCH_ASR));
        }
    }
}
