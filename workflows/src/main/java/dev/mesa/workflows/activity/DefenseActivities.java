package dev.mesa.workflows.activity;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The defence's steps. {@code trainGenerator}, {@code reverseTrigger} and {@code retrain} are long and heartbeat;
 * {@code describeInputs} (the first step of every defence and sweep: the data's class count, the model's width),
 * {@code detectTargets}, {@code evaluate} and {@code writeReport} are short. All are idempotent over the artifact
 * store: a request that already completed returns the stored artifact.
 */
@ActivityInterface
public interface DefenseActivities {
    @ActivityMethod(name = ActivityNames.DESCRIBE_INPUTS)
    InputDescription describeInputs(DescribeInputsRequest request);

    @ActivityMethod(name = ActivityNames.TRAIN_GENERATOR)
    GeneratorArtifact trainGenerator(TrainGeneratorRequest request);

    @ActivityMethod(name = ActivityNames.DETECT_TARGETS)
    DetectionOutcome detectTargets(DetectTargetsRequest request);

    @ActivityMethod(name = ActivityNames.REVERSE_TRIGGER)
    TriggerArtifact reverseTrigger(ReverseTriggerRequest request);

    @ActivityMethod(name = ActivityNames.RETRAIN)
    ModelArtifact retrain(RetrainRequest request);

    @ActivityMethod(name = ActivityNames.EVALUATE)
    EvaluationOutcome evaluate(EvaluateRequest request);

    @ActivityMethod(name = ActivityNames.WRITE_REPORT)
    ReportArtifact writeReport(ReportRequest request);
}
