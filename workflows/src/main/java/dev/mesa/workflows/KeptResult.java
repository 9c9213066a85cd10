package dev.mesa.workflows;

import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The result a mesa workflow returns, or keeps when it is cancelled: the one routine of the three workflow
 * implementations around their run. A finished run records its status in the search attributes and is kept as the
 * result. A failed run records its failure; when the failure is a cancellation, the progress moves to
 * {@code cancelled} and what finished is frozen as the kept result, which {@code currentResult} then answers, and the
 * cancellation is rethrown (the SDK closes a cancel-requested workflow as cancelled whatever it returns). Call from
 * workflow code only.
 *
 * @param <R> the workflow's result type
 */
final class KeptResult<R> {
    private static final Logger log = Workflow.getLogger(KeptResult.class);
    private R result;

    /**
     * Runs {@code execute} and keeps its result.
     *
     * @param name            names the run in the log ({@code defense <id>})
     * @param status          the status of a finished result, for the search attributes
     * @param cancelledResult what finished, given the stage the cancellation interrupted
     */
    R run(String name, MesaSearchAttributes search, ProgressTracker progress, Supplier<R> execute,
          Function<R, String> status, Function<String, R> cancelledResult) {
        try {
            result = execute.get();
            search.ended(status.apply(result));
            return result;
        } catch (RuntimeException e) {
            search.endedBy(e);
            if (FailureChains.isCancellation(e)) {
                String stage = progress.stage();
                log.info("{} cancelled during {}: keeping what finished", name, stage);
                progress.stage(RunStatus.CANCELLED);
                result = cancelledResult.apply(stage);
            }
            throw e;
        }
    }

    /** The result returned or kept on cancellation; null while the run goes on. */
    R get() {
        return result;
    }
}
