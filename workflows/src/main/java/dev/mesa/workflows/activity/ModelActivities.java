package dev.mesa.workflows.activity;

import io.temporal.activity.ActivityInterface;

/**
 * Building classifiers: clean training and the backdoor attack. Both are long, heartbeat their progress and the
 * reference of their latest checkpoint, and return the stored artifact with {@code reused = true} when the same
 * request already completed.
 */
@ActivityInterface
public interface ModelActivities {
    ModelArtifact trainClassifier(TrainClassifierRequest request);

    ModelArtifact injectBackdoor(InjectBackdoorRequest request);
}
