package dev.mesa.activities;

import dev.mesa.activities.metrics.MetricNames;
import dev.mesa.activities.store.RunDirectory;
import dev.mesa.defense.BackdoorRemover;
import dev.mesa.model.Classifier;
import dev.mesa.training.TrainingLoop;
import dev.mesa.workflows.activity.ActivityNames;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.RetrainRequest;
import dev.mesa.workflows.activity.RetrainSettings;

import java.util.Set;

/**
 * {@code retrain}: removes the backdoor from a copy of the model by fine-tuning on the defence split with clean
 * labels while stamping triggers from the request's source (MESA generators, a reversed trigger or the original).
 */
final class BackdoorRemoval {
    static final String ACTIVITY = ActivityNames.RETRAIN;
    private final ActivityResources resources;

    BackdoorRemoval(ActivityResources resources) {
        this.resources = resources;
    }

    ModelArtifact run(RetrainRequest raw) {
        RetrainSettings settings = (raw.settings() != null ? raw.settings() : RetrainSettings.defaults())
                .withDefaults().validate();
        RetrainRequest request = new RetrainRequest(raw.modelKey(), DatasetCatalog.resolve(raw.dataset()),
                raw.triggers(), settings, raw.seed(), raw.variant());
        String label = request.variant() != null ? request.variant()
                : request.triggers() != null ? request.triggers().kind() : "retrain";
        RunDirectory run = resources.store().run("models/repaired", label, ACTIVITY, request, Set.of());
        return run.reuseOr(ModelArtifact.class, Reuse::of, () -> train(request, label, run));
    }

    private ModelArtifact train(RetrainRequest request, String label, RunDirectory run) {
        var data = resources.datasets().splits(request.dataset());
        var split = resources.datasets().defenseSplit(request.dataset());
        try (TrainingSession session = TrainingSession.start(ACTIVITY, MetricNames.LOOP_RETRAIN, run, resources);
             RetrainTriggers triggers = RetrainTriggers.open(request.triggers(), resources, data.shape().channels());
             Classifier copy = ModelFiles.load(resources, "modelKey", request.modelKey(), data)) {
            TrainingLoop.Outcome outcome = session.train(listener -> BackdoorRemover.retrain(copy, split.defense(),
                    triggers.source(), TrainingConfigs.retrain(request.settings(), request.seed(), resources.cadence()),
                    run.checkpoint(), listener));
            return ModelFiles.finish(resources, run, copy, split.evaluation(), request.dataset(),
                    "repaired (" + label + ") with " + triggers.source().describe(), outcome.resumedFromStep());
        }
    }
}
