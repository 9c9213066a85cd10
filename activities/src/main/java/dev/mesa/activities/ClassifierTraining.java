package dev.mesa.activities;

import dev.mesa.activities.metrics.MetricNames;
import dev.mesa.activities.store.RunDirectory;
import dev.mesa.data.DatasetSplits;
import dev.mesa.model.Classifier;
import dev.mesa.model.ClassifierSpec;
import dev.mesa.training.BatchTransform;
import dev.mesa.training.ClassifierTrainer;
import dev.mesa.training.TrainingLoop;
import dev.mesa.workflows.activity.ActivityNames;
import dev.mesa.workflows.activity.ClassifierSettings;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.TrainClassifierRequest;

import java.util.Set;

/** {@code trainClassifier}: a clean classifier trained from scratch on the training split. */
final class ClassifierTraining {
    static final String ACTIVITY = ActivityNames.TRAIN_CLASSIFIER;
    static final String KIND = "models/clean";
    private final ActivityResources resources;

    ClassifierTraining(ActivityResources resources) {
        this.resources = resources;
    }

    /** The request with every default filled in and validated: what the run's key hashes. */
    static TrainClassifierRequest normalise(TrainClassifierRequest raw) {
        ClassifierSettings settings = (raw.settings() != null ? raw.settings() : ClassifierSettings.defaults())
                .withDefaults().validate();
        return new TrainClassifierRequest(DatasetCatalog.resolve(raw.dataset()), settings, raw.seed());
    }

    static String label(TrainClassifierRequest request) {
        return request.settings().architecture() + "-" + request.dataset().kind();
    }

    ModelArtifact run(TrainClassifierRequest raw) {
        TrainClassifierRequest request = normalise(raw);
        RunDirectory run = resources.store().run(KIND, label(request), ACTIVITY, request, Set.of());
        return run.reuseOr(ModelArtifact.class, Reuse::of, () -> train(request, run));
    }

    private ModelArtifact train(TrainClassifierRequest request, RunDirectory run) {
        ClassifierSettings settings = request.settings();
        DatasetSplits data = resources.datasets().splits(request.dataset());
        if (settings.batchSize() > data.train().size()) {
            throw new IllegalArgumentException("classifier.batchSize " + settings.batchSize() + " exceeds the "
                    + data.train().size() + " training images");
        }
        ClassifierSpec spec = TrainingConfigs.spec(settings, data.numClasses(), data.shape());
        try (TrainingSession session = TrainingSession.start(ACTIVITY, MetricNames.LOOP_CLEAN, run, resources);
             Classifier classifier = Classifier.create(spec, data.normalization(), data.train().classNames(),
                request.seed(), resources.device())) {
            TrainingLoop.Outcome outcome = session.train(listener -> new ClassifierTrainer("clean-training",
                    classifier, data.train(), TrainingConfigs.clean(settings, request.seed(), resources.cadence()),
                    BatchTransform.NONE, "none").train(run.checkpoint(), listener));
            return ModelFiles.finish(resources, run, classifier,
                    resources.datasets().defenseSplit(request.dataset()).evaluation(), request.dataset(),
                    "clean " + spec, outcome.resumedFromStep());
        }
    }
}
