package dev.mesa.worker;

import dev.mesa.worker.runtime.ServiceUnreachableException;
import dev.mesa.workflows.activity.FailureTypes;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.util.Locale;

/**
 * What a command's failure looks like to a user: one line on stderr, starting {@code mesa: }, and an exit code
 * ({@link MesaCli#USAGE_ERROR} for a wrong input, {@link #FAILED} otherwise), never a stack trace for the failures
 * users meet: an invalid input, an unknown workflow id, a workflow that failed (its root cause's message), a service
 * that is unreachable or refuses the call. Anything else is a bug and keeps its stack trace.
 */
final class CommandFailureHandler implements IExecutionExceptionHandler {
    /** Exit code of a command whose workflow failed or whose service could not be used. */
    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) throws Exception {
        if (e instanceof IllegalArgumentException) {
            return report(commandLine, e.getMessage(), MesaCli.USAGE_ERROR);
        }
        if (e instanceof WorkflowNotFoundException notFound) {
            return report(commandLine, "no such workflow: " + notFound.getExecution().getWorkflowId(), MesaCli.USAGE_ERROR);
        }
        if (e instanceof WorkflowFailedException failed) {
            return report(commandLine, failed.getExecution().getWorkflowId() + " failed: " + rootCause(failed), FAILED);
        }
        if (e instanceof ServiceUnreachableException) {
            return report(commandLine, e.getMessage(), FAILED);
        }
        StatusRuntimeException grpc = serviceError(e);
        if (grpc != null) {
            return report(commandLine, "the Temporal service answered " + grpc.getStatus().getCode() + ": "
                    + grpc.getStatus().getDescription() + " (check --address, --namespace and the credentials)", FAILED);
        }
        throw e;
    }

    /**
     * The message that says why a workflow failed: the innermost of mesa's own non-retryable failures (an invalid
     * input, a corrupt artifact, a diverged loss: {@link FailureTypes}), else the innermost application failure (an
     * activity that ran out of retries), else what ended it (cancelled, timed out).
     */
    static String rootCause(WorkflowFailedException failed) {
        String ours = null;
        String application = null;
        String other = null;
        for (Throwable t = failed.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ApplicationFailure a) {
                application = a.getOriginalMessage();
                if (FailureTypes.NON_RETRYABLE.contains(a.getType())) {
                    ours = a.getOriginalMessage();
                }
            } else if (t instanceof CanceledFailure) {
                other = "cancelled";
            } else if (t instanceof TimeoutFailure timeout) {
                other = "timed out (" + timeout.getTimeoutType().name().replace("TIMEOUT_TYPE_", "").toLowerCase(Locale.ROOT)
                        .replace('_', '-') + ")";
            } else if (other == null && t instanceof TemporalFailure temporal) {
                other = temporal.getOriginalMessage();
            }
        }
        String message = ours != null ? ours : application != null ? application : other;
        return message == null || message.isBlank() ? failed.getMessage() : message;
    }

    private static int report(CommandLine commandLine, String message, int exitCode) {
        commandLine.getErr().println("mesa: " + message.replaceAll("\\s*\\R\\s*", " "));
        return exitCode;
    }

    /** The gRPC status a Temporal client call failed with, however it is wrapped; null if none. */
    private static StatusRuntimeException serviceError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException grpc) {
                return grpc;
            }
        }
        return null;
    }
}
