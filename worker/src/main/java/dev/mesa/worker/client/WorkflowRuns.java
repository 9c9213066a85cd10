package dev.mesa.worker.client;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;

/** Starts a submission, or attaches to the execution already running under its id (a resubmission). */
public final class WorkflowRuns {
    private WorkflowRuns() {}

    /** The stub of the started (or already running) execution. */
    public static WorkflowStub start(WorkflowClient client, Submission submission, String taskQueue) {
        WorkflowStub stub = client.newUntypedWorkflowStub(submission.workflowType(), WorkflowOptions.newBuilder()
                .setWorkflowId(submission.workflowId()).setTaskQueue(taskQueue).build());
        try {
            stub.start(submission.input());
            return stub;
        } catch (WorkflowExecutionAlreadyStarted e) {
            System.err.println("mesa: " + submission.workflowId() + " is already running: following it");
            return client.newUntypedWorkflowStub(submission.workflowId());
        }
    }
}
