package dev.mesa.workflows;

import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/**
 * {@link DefenseWorkflow}: resolves the input and runs {@link DefenseRun}. On cancellation it freezes what finished
 * as the {@code currentResult} and lets the execution close as cancelled (the SDK closes a cancel-requested
 * workflow as cancelled whatever it returns).
 */
public class DefenseWorkflowImpl implements DefenseWorkflow {
    private static final Logger log = Workflow.getLogger(DefenseWorkflowImpl.class);
    private ProgressTracker progress;
    private DefenseRun run;
    private DefenseResult finalResult;

    @Override
    public DefenseResult run(DefenseInput raw) {
        MesaSearchAttributes search = MesaSearchAttributes.forThisExecution();
        DefenseInput input = InputGate.recording(search, () -> InputGate.resolveDescribed("DefenseInput", raw));
        search.started(input.originalTrigger() != null ? input.originalTrigger().label() : null, input.dataset().kind(),
                input.modelKey());
        progress = new ProgressTracker(input.maxParallelActivities());
        run = new DefenseRun(input, ActivityStubs.defence(input.trainingTaskQueue()), progress);
        try {
            finalResult = run.execute();
            search.ended(finalResult.status());
            return finalResult;
        } catch (RuntimeException e) {
            search.endedBy(e);
            if (FailureChains.isCancellation(e)) {
                String stage = progress.stage();
                log.info("defense {} cancelled during {}: keeping what finished", input.defenseId(), stage);
                progress.stage(RunStatus.CANCELLED);
                finalResult = run.result(RunStatus.CANCELLED, VariantChoice.none("cancelled during " + stage), null);
            }
            throw e;
        }
    }

    @Override
    public Progress progress() {
        return progress != null ? progress.snapshot() : null;
    }

    @Override
    public DefenseResult currentResult() {
        if (finalResult != null || run == null) {
            return finalResult;
        }
        return run.result(RunStatus.RUNNING, VariantChoice.none("still running: " + progress.stage()), null);
    }
}
