package dev.mesa.workflows;

import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/** {@link DefenseWorkflow}: resolves the input, runs {@link DefenseRun}, turns a cancellation into a partial result. */
public class DefenseWorkflowImpl implements DefenseWorkflow {
    private static final Logger log = Workflow.getLogger(DefenseWorkflowImpl.class);
    private ProgressTracker progress;

    @Override
    public DefenseResult run(DefenseInput raw) {
        DefenseInput input = InputGate.resolve("DefenseInput", raw, r -> r.withDefaults().validate());
        progress = new ProgressTracker(input.maxParallelActivities());
        DefenseRun run = new DefenseRun(input, ActivityStubs.defence(input.trainingTaskQueue()), progress);
        try {
            return run.execute();
        } catch (RuntimeException e) {
            if (!FailureChains.isCancellation(e)) {
                throw e;
            }
            String stage = progress.stage();
            log.info("defense {} cancelled during {}: returning what finished", input.defenseId(), stage);
            progress.stage(RunStatus.CANCELLED);
            return run.result(RunStatus.CANCELLED, new VariantChoice(null, null, "cancelled during " + stage), null);
        }
    }

    @Override
    public Progress progress() {
        return progress != null ? progress.snapshot() : null;
    }
}
