package dev.mesa.workflows;

import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/** {@link SweepWorkflow}: resolves the input, runs {@link SweepRun}; on cancellation freezes the finished triggers. */
public class SweepWorkflowImpl implements SweepWorkflow {
    private static final Logger log = Workflow.getLogger(SweepWorkflowImpl.class);
    private ProgressTracker progress;
    private SweepRun run;
    private SweepResult finalResult;

    @Override
    public SweepResult run(SweepInput raw) {
        MesaSearchAttributes search = MesaSearchAttributes.forThisExecution();
        SweepInput input = InputGate.recording(search, () -> InputGate.resolveDescribed("SweepInput", raw));
        search.started(null, input.dataset().kind(), input.checkpoint() != null ? input.checkpoint().cleanModelKey()
                : input.modelKey());
        progress = new ProgressTracker(input.maxParallelTriggers());
        run = new SweepRun(input, progress, search);
        try {
            finalResult = run.execute();
            search.ended(finalResult.status());
            return finalResult;
        } catch (RuntimeException e) {
            search.endedBy(e);
            if (FailureChains.isCancellation(e)) {
                log.info("sweep {} cancelled during {}: keeping the finished triggers", input.sweepId(),
                        progress.stage());
                progress.stage(RunStatus.CANCELLED);
                finalResult = run.result(RunStatus.CANCELLED);
            }
            throw e;
        }
    }

    @Override
    public Progress progress() {
        return progress != null ? progress.snapshot() : null;
    }

    @Override
    public SweepResult currentResult() {
        return finalResult != null || run == null ? finalResult : run.result(RunStatus.RUNNING);
    }
}
