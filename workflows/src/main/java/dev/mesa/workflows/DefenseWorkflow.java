package dev.mesa.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * MESA's defence of one model: detection (a generator at β = detectionBeta per candidate class, in parallel, then
 * the detection rule) → for each attacked class a generator per β (in parallel) → retraining per β and for the
 * ensemble → evaluation of the input and every repaired model → choice → report. When no class is attacked it
 * reports so and stops. Workflow type {@code DefenseWorkflow}, id {@link WorkflowIds#defense(String)}.
 * Cancelling it stops at the next step boundary and returns what finished, with status {@code cancelled}.
 */
@WorkflowInterface
public interface DefenseWorkflow {
    @WorkflowMethod
    DefenseResult run(DefenseInput input);

    @QueryMethod
    Progress progress();
}
