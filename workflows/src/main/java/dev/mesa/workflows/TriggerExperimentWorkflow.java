package dev.mesa.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The paper's experiment for one trigger: inject the backdoor → evaluate the attacked model → defend it with a
 * {@link DefenseWorkflow} child (original trigger known) → baseline: reverse a trigger per round, retrain with it,
 * evaluate → ideal: retrain with the original trigger, evaluate. Started by {@link SweepWorkflow} with id
 * {@link WorkflowIds#triggerExperiment}; its defence child has id {@link WorkflowIds#triggerDefense}.
 */
@WorkflowInterface
public interface TriggerExperimentWorkflow {
    @WorkflowMethod
    TriggerResult run(TriggerExperimentInput input);

    @QueryMethod
    Progress progress();

    /** The result so far (status {@code running}, {@code cancelled} or the final one). */
    @QueryMethod
    TriggerResult currentResult();
}
