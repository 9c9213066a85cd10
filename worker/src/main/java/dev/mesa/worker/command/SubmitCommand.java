package dev.mesa.worker.command;

import dev.mesa.worker.client.Submission;
import dev.mesa.worker.client.WorkflowRuns;
import dev.mesa.worker.runtime.TemporalConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code mesa submit FILE.json}: start a workflow and print its id (follow it later with {@code mesa status}). */
@Command(name = "submit", mixinStandardHelpOptions = true, description = "Start a workflow and print its id.")
public final class SubmitCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "FILE.json", description = "the workflow input (see deploy/examples)")
    Path file;

    @Option(names = "--type", description = "DefenseWorkflow or SweepWorkflow (default: from the input's id field)")
    String type;

    @Option(names = "--task-queue", defaultValue = "mesa", description = "task queue of the workflow (default: ${DEFAULT-VALUE})")
    String taskQueue;

    @Override
    public Integer call() {
        Submission submission = Submission.read(file, type);
        try (TemporalConnection temporal = connection.openClient()) {
            WorkflowRuns.start(temporal.client(), submission, taskQueue);
            System.out.println(submission.workflowId());
            return 0;
        }
    }
}
