package dev.mesa.workflows;

import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/** {@link SweepWorkflow}: resolves the input, runs {@link SweepRun}, turns a cancellation into a partial result. */
public class SweepWorkflowImpl implements SweepWorkflow {
    private static final Logger log = Workflow.getLogger(SweepWorkflowImpl.class);
    private ProgressTracker progress;

    @Override
    public SweepResult run(SweepInput raw) {
        SweepInput input = InputGate.resolve("SweepInput", raw, r -> r.withDefaults().validate());
        progress = new ProgressTracker(input.maxParallelTriggers());
        SweepRun run = new SweepRun(input, progress);
        try {
            return run.execute();
        } catch (RuntimeException e) {
            if (!FailureChains.isCancellation(e)) {
                throw e;
            }
            log.info("sweep {} cancelled during {}: returning the finished triggers", input.sweepId(), progress.stage());
            progress.stage(RunStatus.CANCELLED);
            return run.result(RunStatus.CANCELLED);
        }
    }

    @Override
    public Progress progress() {
        return progress != null ? progress.snapshot() : null;
    }
}
