package dev.mesa.worker.command;

import dev.mesa.worker.client.Submission;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** What {@code mesa submit} and {@code mesa run} share (a picocli mixin): the input file, its type, the task queue. */
final class SubmissionOptions {
    @Parameters(index = "0", paramLabel = "FILE.json", description = "the workflow input (see deploy/examples)")
    Path file;

    @Option(names = "--type", description = "DefenseWorkflow or SweepWorkflow (default: from the input's id field)")
    String type;

    @Option(names = "--task-queue", defaultValue = "mesa", description = "task queue of the workflow (default: ${DEFAULT-VALUE})")
    String taskQueue;

    /** The input, read and checked. */
    Submission read() {
        return Submission.read(file, type);
    }
}
