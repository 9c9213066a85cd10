package dev.mesa.workflows;

import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/** {@link TriggerExperimentWorkflow}: runs {@link TriggerExperimentRun}; on cancellation freezes what finished. */
public class TriggerExperimentWorkflowImpl implements TriggerExperimentWorkflow {
    private static final Logger log = Workflow.getLogger(TriggerExperimentWorkflowImpl.class);
    private ProgressTracker progress;
    private TriggerExperimentRun run;
    private TriggerResult finalResult;

    @Override
    public TriggerResult run(TriggerExperimentInput input) {
        MesaSearchAttributes search = MesaSearchAttributes.forThisExecution();
        InputGate.recording(search, () -> {
            if (InputGate.checksInputs()) {
                InputGate.refuseUnknownFields("TriggerExperimentInput", input);
            }
            return InputGate.resolve("TriggerExperimentInput", input, i -> i);
        });
        search.started(input.trigger().label(), input.dataset().kind(), input.cleanModelKey());
        progress = new ProgressTracker(input.maxParallelActivities());
        run = new TriggerExperimentRun(input, progress, search);
        try {
            finalResult = run.execute();
            search.ended(finalResult.status());
            return finalResult;
        } catch (RuntimeException e) {
            search.endedBy(e);
            if (FailureChains.isCancellation(e)) {
                log.info("trigger {} cancelled during {}: keeping what finished", input.trigger().label(),
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
    public TriggerResult currentResult() {
        return finalResult != null || run == null ? finalResult : run.result(RunStatus.RUNNING);
    }
}
