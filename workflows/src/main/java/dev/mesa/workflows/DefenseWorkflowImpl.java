package dev.mesa.workflows;

/**
 * {@link DefenseWorkflow}: resolves the input and runs {@link DefenseRun}. On cancellation it freezes what finished
 * as the {@code currentResult} and lets the execution close as cancelled (the SDK closes a cancel-requested
 * workflow as cancelled whatever it returns).
 */
public class DefenseWorkflowImpl implements DefenseWorkflow {
    private final KeptResult<DefenseResult> finalResult = new KeptResult<>();
    private ProgressTracker progress;
    private DefenseRun run;

    @Override
    public DefenseResult run(DefenseInput raw) {
        MesaSearchAttributes search = MesaSearchAttributes.forThisExecution();
        Integer[] wideSlots = {null};
        DefenseInput input = InputGate.recording(search, () -> InputGate.resolveDescribed("DefenseInput", raw,
                facts -> wideSlots[0] = facts.wideSlots()));
        search.started(input.originalTrigger() != null ? input.originalTrigger().label() : null, input.dataset().kind(),
                input.modelKey());
        progress = new ProgressTracker(input.maxParallelActivities());
        run = new DefenseRun(input, ActivityStubs.defense(input.trainingTaskQueue()), progress, wideSlots[0]);
        return finalResult.run("defense " + input.defenseId(), search, progress, run::execute, DefenseResult::status,
                stage -> run.result(RunStatus.CANCELLED, VariantChoice.none("cancelled during " + stage), null));
    }

    @Override
    public Progress progress() {
        return progress != null ? progress.snapshot() : null;
    }

    @Override
    public DefenseResult currentResult() {
        if (finalResult.get() != null || run == null) {
            return finalResult.get();
        }
        return run.result(RunStatus.RUNNING, VariantChoice.none("still running: " + progress.stage()), null);
    }
}
