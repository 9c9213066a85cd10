package dev.mesa.activities;

import dev.mesa.activities.metrics.MesaMetrics;
import dev.mesa.activities.metrics.MetricNames;
import dev.mesa.activities.store.RunDirectory;
import dev.mesa.distribution.MesaConfig;
import dev.mesa.distribution.SubModelTrainer;
import dev.mesa.model.Classifier;
import dev.mesa.training.TrainingProgress;
import dev.mesa.training.TrainingStoppedException;
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
    static final String ACTIVITY = "TrainGenerator";
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
        TrainGeneratorRequest request = new TrainGeneratorRequest(raw.modelKey(), DatasetCatalog.resolve(raw.dataset()),
                raw.targetClass(), raw.beta(), raw.triggerSize(), settings, raw.seed(), raw.purpose(),
                raw.traceEpochs() != null ? raw.traceEpochs().stream().distinct().sorted().toList() : List.of(),
                raw.stopAfterEpochs(), raw.run());
        String beta = MesaMetrics.betaLabel(request.beta());
        RunDirectory run = resources.store().run("generators", "c" + request.targetClass() + "-b" + beta + "-"
                + request.purpose(), ACTIVITY, request, Set.of(TrainGeneratorRequest.STOP_AFTER_EPOCHS, TrainGeneratorRequest.RUN));
        if (run.complete()) {
            GeneratorArtifact stored = run.result(GeneratorArtifact.class);
            GeneratorArtifact answer = request.stopsEarly() ? GeneratorArtifacts.atEpoch(stored, request.stopAfterEpochs())
                    : stored;
            publish(request.run(), answer);
            return Reuse.of(answer);
        }
        var data = resources.datasets().splits(request.dataset());
        var split = resources.datasets().defenceSplit(request.dataset());
        MesaConfig config = TrainingConfigs.mesa(settings, request.epochBudget());
        try (TrainingSession session = TrainingSession.start(ACTIVITY, MetricNames.LOOP_MESA, run, resources,
                progress -> publishTraining(request, config, progress));
             Classifier classifier = ModelFiles.load(resources, "modelKey", request.modelKey(), data)) {
            session.beat();
            SubModelTrainer.Result result;
            SubModelTrainer.Plan plan = new SubModelTrainer.Plan(request.stopsEarly() ? request.stopAfterEpochs()
                    : Integer.MAX_VALUE, Set.copyOf(request.traceEpochs()));
            try {
                result = new SubModelTrainer(TrainingConfigs.intervals(resources.cadence()),
                        resources.cadence().evaluationBatchSize()).train(classifier, split.defence(),
                        request.targetClass(), request.beta(), request.triggerSize(), config, request.seed(),
                        new SubModelTrainer.Paths(run.checkpoint(), run.file(GeneratorSamples.GENERATOR)), plan,
                        session.listener());
            } catch (TrainingStoppedException e) {
                throw session.stopped(e);
            }
            GeneratorSamples.writeGrid(run.file(GeneratorSamples.GENERATOR), run.file(GeneratorSamples.GRID),
                    request.seed(), resources.device());
            GeneratorArtifact artifact = GeneratorArtifacts.of(run.key(), result, session.resumedFromStep());
            publish(request.run(), artifact);
            // only a request for the whole budget finishes the run: a scan leaves it open for its continuation
            return result.finished() && !request.stopsEarly() ? run.finish(artifact) : artifact;
        }
    }

    private void publish(String runLabel, GeneratorArtifact g) {
        resources.metrics().generatorResult(runLabel, g.targetClass(), g.beta(), g.meanTestingFunction(), g.sampleAsr(),
                g.mutualInformation());
    }

    /**
     * The loop's window means: {@code hinge_loss} (else derived: L_G = −mean(min(F, β)) − α·Î, so the mean hinge
     * is β + L_G + α·Î), {@code testing_function}, {@code mi_lower_bound} and {@code batch_asr} when reported.
     */
    private void publishTraining(TrainGeneratorRequest request, MesaConfig config, TrainingProgress progress) {
        var losses = progress.meanLosses();
        Double loss = losses.get("generator_loss");
        Double testing = losses.get("testing_function");
        Double bound = losses.get("mi_lower_bound");
        if (loss != null && testing != null && bound != null) {
            double hinge = losses.containsKey("hinge_loss") ? losses.get("hinge_loss")
                    : Math.max(0, request.beta() + loss + config.alpha() * bound);
            resources.metrics().generatorTraining(request.run(), request.targetClass(), request.beta(), hinge, testing, bound,
                    losses.get("batch_asr"));
        }
    }
}
