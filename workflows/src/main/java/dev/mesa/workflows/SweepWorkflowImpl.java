package dev.mesa.workflows;

/** {@link SweepWorkflow}: resolves the input, runs {@link SweepRun}; on cancellation freezes the finished triggers. */
public class SweepWorkflowImpl implements SweepWorkflow {
    private final KeptResult<SweepResult> finalResult = new KeptResult<>();
    private ProgressTracker progress;
    private SweepRun run;

    @Override
    public SweepResult run(SweepInput raw) {
        MesaSearchAttributes search = MesaSearchAttributes.forThisExecution();
        SweepInput input = InputGate.recording(search, () -> InputGate.resolveDescribed("SweepInput", raw));
        search.started(null, input.dataset().kind(), input.checkpoint() != null ? input.checkpoint().cleanModelKey()
                : input.modelKey());
        progress = new ProgressTracker(input.maxParallelTriggers());
        run = new SweepRun(input, progress, search);
        return finalResult.run("sweep " + input.sweepId(), search, progress, run::execute, SweepResult::status,
                stage -> run.result(RunStatus.CANCELLED));
    }

    @Override
    public Progress progress() {
        return progress != null ? progress.snapshot() : null;
    }

    @Override
    public SweepResult currentResult() {
        return finalResult.get() != null || run == null ? finalResult.get() : run.result(RunStatus.RUNNING);
    }
}
