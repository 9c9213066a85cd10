package dev.mesa.worker.command;

import dev.mesa.worker.client.ProgressFollower;
import dev.mesa.worker.client.ResultTables;
import dev.mesa.worker.client.Submission;
import dev.mesa.worker.client.WorkflowRuns;
import dev.mesa.worker.runtime.TemporalConnection;
import dev.mesa.workflows.DefenseResult;
import dev.mesa.workflows.SweepResult;
import io.temporal.client.WorkflowStub;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code mesa run FILE.json}: submit a workflow, follow it with a progress bar, print its result. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Submit a DefenseWorkflow or SweepWorkflow input, follow its progress and print the result.")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    SubmissionOptions input;

    @Override
    public Integer call() {
        Submission submission = input.read();
        try (TemporalConnection temporal = connection.openClient()) {
            WorkflowStub stub = WorkflowRuns.start(temporal.client(), submission, input.taskQueue);
            System.err.println("mesa: following " + submission.workflowId());
            if (submission.workflowType().equals(Submission.DEFENSE)) {
                ResultTables.printDefense(ProgressFollower.follow(temporal.client(), stub, submission.workflowId(),
                        DefenseResult.class), System.out);
            } else {
                ResultTables.printSweep(ProgressFollower.follow(temporal.client(), stub, submission.workflowId(),
                        SweepResult.class), System.out);
            }
            return 0;
        }
    }
}
