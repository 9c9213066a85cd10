package dev.mesa.activities;

import dev.mesa.activities.metrics.MetricNames;
import dev.mesa.activities.store.RunDirectory;
import dev.mesa.attack.BackdoorInjector;
import dev.mesa.data.DatasetSplits;
import dev.mesa.model.Classifier;
import dev.mesa.training.TrainingLoop;
import dev.mesa.trigger.TriggerPattern;
import dev.mesa.workflows.activity.ActivityNames;
import dev.mesa.workflows.activity.AttackSettings;
import dev.mesa.workflows.activity.InjectBackdoorRequest;
import dev.mesa.workflows.activity.ModelArtifact;

import java.util.Set;

/** {@code injectBackdoor}: poison fine-tuning of a copy of the clean model (the stored clean model is never touched). */
final class BackdoorInjection {
    static final String ACTIVITY = ActivityNames.INJECT_BACKDOOR;
    static final String KIND = "models/attacked";
    private final ActivityResources resources;

    BackdoorInjection(ActivityResources resources) {
        this.resources = resources;
    }

    /** The request with every default filled in and validated: what the run's key hashes. */
    static InjectBackdoorRequest normalise(InjectBackdoorRequest raw) {
        AttackSettings settings = (raw.settings() != null ? raw.settings() : AttackSettings.defaults())
                .withDefaults().validate();
        if (raw.trigger() == null) {
            throw new IllegalArgumentException("trigger is required, e.g. {\"kind\": \"bw\", \"id\": 170}");
        }
        return new InjectBackdoorRequest(raw.cleanModelKey(), DatasetCatalog.resolve(raw.dataset()),
                raw.trigger().withDefaults().validate(), settings, raw.seed());
    }

    static String label(InjectBackdoorRequest request) {
        return request.trigger().label() + "-t" + request.settings().targetClass();
    }

    ModelArtifact run(InjectBackdoorRequest raw) {
        InjectBackdoorRequest request = normalise(raw);
        RunDirectory run = resources.store().run(KIND, label(request), ACTIVITY, request, Set.of());
        return run.reuseOr(ModelArtifact.class, Reuse::of, () -> train(request, run));
    }

    private ModelArtifact train(InjectBackdoorRequest request, RunDirectory run) {
        AttackSettings settings = request.settings();
        DatasetSplits data = resources.datasets().splits(request.dataset());
        TriggerPattern pattern = TriggerResolver.pattern(request.trigger(), data.shape().channels(), resources.store());
        try (TrainingSession session = TrainingSession.start(ACTIVITY, MetricNames.LOOP_ATTACK, run, resources);
             Classifier classifier = ModelFiles.load(resources, "cleanModelKey", request.cleanModelKey(), data)) {
            TrainingLoop.Outcome outcome = session.train(listener -> BackdoorInjector.inject(classifier, data.train(),
                    new BackdoorInjector.Attack(pattern, settings.targetClass(), settings.poisonRatio()),
                    TrainingConfigs.attack(settings, request.seed(), resources.cadence()), run.checkpoint(), listener));
            return ModelFiles.finish(resources, run, classifier,
                    resources.datasets().defenseSplit(request.dataset()).evaluation(), request.dataset(),
                    "backdoored " + pattern.name() + " -> " + settings.targetClass(), outcome.resumedFromStep());
        }
    }
}
