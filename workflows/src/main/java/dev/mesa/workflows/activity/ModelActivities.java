package dev.mesa.workflows.activity;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Building classifiers: clean training and the backdoor attack. Both are long, heartbeat their progress and the
 * reference of their latest checkpoint, and return the stored artifact with {@code reused = true} when the same
 * request already completed.
 */
@ActivityInterface
public interface ModelActivities {
    @ActivityMethod(name = ActivityNames.TRAIN_CLASSIFIER)
    ModelArtifact trainClassifier(TrainClassifierRequest request);

    @ActivityMethod(name = ActivityNames.INJECT_BACKDOOR)
    ModelArtifact injectBackdoor(InjectBackdoorRequest request);
}
