package dev.mesa.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The paper's experiment as one durable job: train (or take) a clean classifier, then one
 * {@link TriggerExperimentWorkflow} child per trigger, at most {@code maxParallelTriggers} at a time, then a report
 * with the headline table. Continues as new when Temporal suggests it (or after {@code maxTriggersPerRun}
 * triggers), carrying the finished triggers so nothing is redone; a re-submitted sweep recomputes nothing because
 * the activities return stored artifacts. Workflow type {@code SweepWorkflow}, id {@link WorkflowIds#sweep(String)}.
 * The progress query's units are the triggers. Cancelling it stops launching triggers, cancels the running ones
 * and closes the execution as cancelled; {@link #currentResult()} then returns the finished triggers with status
 * {@code cancelled}.
 */
@WorkflowInterface
public interface SweepWorkflow {
    @WorkflowMethod
    SweepResult run(SweepInput input);

    @QueryMethod
    Progress progress();

    /** The result so far: the finished triggers and their summary (no report until the end). */
    @QueryMethod
    SweepResult currentResult();
}
