package dev.mesa.activities;

import dev.mesa.activities.store.ArtifactStore;
import dev.mesa.workflows.activity.InjectBackdoorRequest;
import dev.mesa.workflows.activity.TrainClassifierRequest;

import java.util.Set;

/**
 * The keys the model activities store their models under, computed without running them: a hand-written workflow
 * input (e.g. {@code deploy/examples/defense-synthetic.json}) can name the model a sweep or the demo produces.
 */
public final class ModelKeys {
    private ModelKeys() {}

    public static String clean(TrainClassifierRequest request) {
        TrainClassifierRequest normalised = ClassifierTraining.normalise(request);
        return ArtifactStore.keyFor(ClassifierTraining.KIND, ClassifierTraining.label(normalised), normalised, Set.of());
    }

    public static String attacked(InjectBackdoorRequest request) {
        InjectBackdoorRequest normalised = BackdoorInjection.normalise(request);
        return ArtifactStore.keyFor(BackdoorInjection.KIND, BackdoorInjection.label(normalised), normalised, Set.of());
    }
}
