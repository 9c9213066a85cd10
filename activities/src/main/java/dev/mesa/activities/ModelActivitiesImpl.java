package dev.mesa.activities;

import dev.mesa.workflows.activity.InjectBackdoorRequest;
import dev.mesa.workflows.activity.ModelActivities;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.TrainClassifierRequest;

/** {@link ModelActivities}: clean training and the backdoor attack. */
public final class ModelActivitiesImpl implements ModelActivities {
    private final FailureTranslator failures;
    private final ClassifierTraining classifierTraining;
    private final BackdoorInjection backdoorInjection;

    public ModelActivitiesImpl(ActivityResources resources) {
        this.failures = new FailureTranslator(resources.metrics());
        this.classifierTraining = new ClassifierTraining(resources);
        this.backdoorInjection = new BackdoorInjection(resources);
    }

    @Override
    public ModelArtifact trainClassifier(TrainClassifierRequest request) {
        return failures.run(ClassifierTraining.ACTIVITY, () -> classifierTraining.run(request));
    }

    @Override
    public ModelArtifact injectBackdoor(InjectBackdoorRequest request) {
        return failures.run(BackdoorInjection.ACTIVITY, () -> backdoorInjection.run(request));
    }
}
