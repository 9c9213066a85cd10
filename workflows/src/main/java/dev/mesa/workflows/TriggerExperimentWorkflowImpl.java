package dev.mesa.workflows;

import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/** {@link TriggerExperimentWorkflow}: runs {@link TriggerExperimentRun}, turns a cancellation into a partial result. */
public class TriggerExperimentWorkflowImpl implements TriggerExperimentWorkflow {
    private static final Logger log = Workflow.getLogger(TriggerExperimentWorkflowImpl.class);
    private ProgressTracker progress;

    @Override
    public TriggerResult run(TriggerExperimentInput input) {
        InputGate.resolve("TriggerExperimentInput", input, i -> i);
        progress = new ProgressTracker(input.maxParallelActivities());
        TriggerExperimentRun run = new TriggerExperimentRun(input, progress);
        try {
            return run.execute();
        } catch (RuntimeException e) {
            if (!FailureChains.isCancellation(e)) {
                throw e;
            }
            log.info("trigger {} cancelled during {}: returning what finished", input.trigger().label(), progress.stage());
            progress.stage(RunStatus.CANCELLED);
            return run.result(RunStatus.CANCELLED);
        }
    }

    @Override
    public Progress progress() {
        return progress != null ? progress.snapshot() : null;
    }
}
