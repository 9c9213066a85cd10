package dev.mesa.workflows;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;

import java.util.Optional;

/**
 * Which top-level run the calling workflow belongs to: its root workflow's id ({@code sweep/<sweepId>} for a sweep
 * and its children, {@code defense/<defenseId>} for a defence started on its own), or its own id when the server
 * does not report a root. Labels metrics and search attributes; call from workflow code only.
 */
final class RunIdentity {
    private RunIdentity() {}

    /** The root workflow id of the current execution. */
    static String run() {
        WorkflowInfo info = Workflow.getInfo();
        return info.getRootWorkflowId().orElse(info.getWorkflowId());
    }

    /** The sweep id when the current execution is a sweep or part of one. */
    static Optional<String> sweepId() {
        return WorkflowIds.sweepIdOf(run());
    }
}
