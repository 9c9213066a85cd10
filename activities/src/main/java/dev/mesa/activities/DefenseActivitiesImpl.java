package dev.mesa.activities;

import dev.mesa.workflows.activity.ActivityNames;
import dev.mesa.workflows.activity.DefenseActivities;
import dev.mesa.workflows.activity.DescribeInputsRequest;
import dev.mesa.workflows.activity.DetectTargetsRequest;
import dev.mesa.workflows.activity.DetectionOutcome;
import dev.mesa.workflows.activity.EvaluateRequest;
import dev.mesa.workflows.activity.EvaluationOutcome;
import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.InputDescription;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.ReportArtifact;
import dev.mesa.workflows.activity.ReportRequest;
import dev.mesa.workflows.activity.RetrainRequest;
import dev.mesa.workflows.activity.ReverseTriggerRequest;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import dev.mesa.workflows.activity.TriggerArtifact;

/**
 * {@link DefenseActivities}: the description of a run's inputs, MESA generators, detection, the baseline's reversal,
 * retraining, evaluation, reports.
 */
public final class DefenseActivitiesImpl implements DefenseActivities {
    private final FailureTranslator failures;
    private final InputDescribing inputDescribing;
    /** Reported with every input description: the workflow's rule for which units run wide reads it. */
    private final Integer wideSlots;
    private final GeneratorTraining generatorTraining;
    private final TargetDetection targetDetection = new TargetDetection();
    private final TriggerReversal triggerReversal;
    private final BackdoorRemoval backdoorRemoval;
    private final ModelEvaluation modelEvaluation;
    private final ReportWriting reportWriting;

    public DefenseActivitiesImpl(ActivityResources resources) {
        this.failures = new FailureTranslator(resources.metrics());
        this.inputDescribing = InputDescribing.of(resources);
        this.wideSlots = resources.wideSlots();
        this.generatorTraining = new GeneratorTraining(resources);
        this.triggerReversal = new TriggerReversal(resources);
        this.backdoorRemoval = new BackdoorRemoval(resources);
        this.modelEvaluation = new ModelEvaluation(resources);
        this.reportWriting = new ReportWriting(resources);
    }

    @Override
    public InputDescription describeInputs(DescribeInputsRequest request) {
        return failures.run(InputDescribing.ACTIVITY, () -> inputDescribing.describe(request)
                .fromWorkerWidening(wideSlots));
    }

    @Override
    public GeneratorArtifact trainGenerator(TrainGeneratorRequest request) {
        return failures.run(GeneratorTraining.ACTIVITY, () -> generatorTraining.run(request));
    }

    @Override
    public DetectionOutcome detectTargets(DetectTargetsRequest request) {
        return failures.run(ActivityNames.DETECT_TARGETS, () -> targetDetection.run(request));
    }

    @Override
    public TriggerArtifact reverseTrigger(ReverseTriggerRequest request) {
        return failures.run(TriggerReversal.ACTIVITY, () -> triggerReversal.run(request));
    }

    @Override
    public ModelArtifact retrain(RetrainRequest request) {
        return failures.run(BackdoorRemoval.ACTIVITY, () -> backdoorRemoval.run(request));
    }

    @Override
    public EvaluationOutcome evaluate(EvaluateRequest request) {
        return failures.run(ModelEvaluation.ACTIVITY, () -> modelEvaluation.run(request));
    }

    @Override
    public ReportArtifact writeReport(ReportRequest request) {
        return failures.run(ReportWriting.ACTIVITY, () -> reportWriting.run(request));
    }
}
