package dev.mesa.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * MESA's defence of one model: detection (a generator at β = detectionBeta per candidate class, in parallel, then
 * the detection rule) → for each attacked class a generator per β (in parallel) → retraining per β and for the
 * ensemble → evaluation of the input and every repaired model → choice → report. When no class is attacked it
 * reports so and stops. Workflow type {@code DefenseWorkflow}, id {@link WorkflowIds#defense(String)}.
 * Cancelling it stops launching work, cancels the running activities (they see it on their next heartbeat) and
 * closes the execution as cancelled; {@link #currentResult()} then still returns what finished, with status
 * {@code cancelled} (and the finished artifacts stay in the store).
 */
@WorkflowInterface
public interface DefenseWorkflow {
    @WorkflowMethod
    DefenseResult run(DefenseInput input);

    @QueryMethod
    Progress progress();

    /** The result so far: status {@code running} mid-run, the final result once closed, what finished if cancelled. */
    @QueryMethod
    DefenseResult currentResult();
}
