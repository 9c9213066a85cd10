package dev.mesa.workflows;

import dev.mesa.workflows.activity.InjectBackdoorRequest;
import dev.mesa.workflows.activity.ModelActivities;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.TrainClassifierRequest;
import io.temporal.activity.Activity;

/** Stand-in for the model activities: instant, deterministic keys, calls recorded, {@link #hook} can throw. */
class FakeModelActivities implements ModelActivities {
    final ActivityCalls calls = new ActivityCalls();
    volatile ActivityHook hook = (name, request) -> { };

    @Override
    public ModelArtifact trainClassifier(TrainClassifierRequest r) {
        enter("TrainClassifier", r);
        return new ModelArtifact("models/clean-" + r.dataset().kind(), 0.91, false, 0);
    }

    @Override
    public ModelArtifact injectBackdoor(InjectBackdoorRequest r) {
        enter("InjectBackdoor", r);
        return new ModelArtifact("models/attacked-" + r.trigger().label(), 0.90, false, 0);
    }

    private void enter(String activity, Object request) {
        calls.record(activity, Activity.getExecutionContext().getInfo().getActivityTaskQueue());
        hook.beforeCall(activity, request);
    }
}
