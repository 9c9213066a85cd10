package dev.mesa.workflows;

/** {@link TriggerExperimentWorkflow}: runs {@link TriggerExperimentRun}; on cancellation freezes what finished. */
public class TriggerExperimentWorkflowImpl implements TriggerExperimentWorkflow {
    private final KeptResult<TriggerResult> finalResult = new KeptResult<>();
    private ProgressTracker progress;
    private TriggerExperimentRun run;

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
        return finalResult.run("trigger " + input.trigger().label(), search, progress, run::execute, TriggerResult::status,
                stage -> run.result(RunStatus.CANCELLED));
    }

    @Override
    public Progress progress() {
        return progress != null ? progress.snapshot() : null;
    }

    @Override
    public TriggerResult currentResult() {
        return finalResult.get() != null || run == null ? finalResult.get() : run.result(RunStatus.RUNNING);
    }
}
