package dev.mesa.worker.command;

import dev.mesa.worker.client.Submission;
import dev.mesa.worker.client.WorkflowRuns;
import dev.mesa.worker.runtime.TemporalConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code mesa submit FILE.json}: start a workflow and print its id (follow it later with {@code mesa status}). */
@Command(name = "submit", mixinStandardHelpOptions = true, description = "Start a workflow and print its id.")
public final class SubmitCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    SubmissionOptions input;

    @Override
    public Integer call() {
        Submission submission = input.read();
        try (TemporalConnection temporal = connection.openClient()) {
            WorkflowRuns.start(temporal.client(), submission, input.taskQueue);
            System.out.println(submission.workflowId());
            return 0;
        }
    }
}
