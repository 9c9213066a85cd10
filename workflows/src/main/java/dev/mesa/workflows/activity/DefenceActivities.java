package dev.mesa.workflows.activity;

import io.temporal.activity.ActivityInterface;

/**
 * The defence's steps. {@code trainGenerator}, {@code reverseTrigger} and {@code retrain} are long and heartbeat;
 * {@code describeInputs} (the first step of every defence and sweep: the data's class count, the model's width),
 * {@code detectTargets}, {@code evaluate} and {@code writeReport} are short. All are idempotent over the artifact
 * store: a request that already completed returns the stored artifact.
 */
@ActivityInterface
public interface DefenceActivities {
    InputDescription describeInputs(DescribeInputsRequest request);

    GeneratorArtifact trainGenerator(TrainGeneratorRequest request);

    DetectionOutcome detectTargets(DetectTargetsRequest request);

    TriggerArtifact reverseTrigger(ReverseTriggerRequest request);

    ModelArtifact retrain(RetrainRequest request);

    EvaluationOutcome evaluate(EvaluateRequest request);

    ReportArtifact writeReport(ReportRequest request);
}
