package dev.mesa.workflows;

import dev.mesa.workflows.SeedRule.Stream;
import dev.mesa.workflows.activity.DefenseActivities;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.ReportArtifact;
import dev.mesa.workflows.activity.TrainClassifierRequest;
import dev.mesa.workflows.activity.TriggerSpec;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of one sweep run and what they produced so far. Seeds: the clean classifier
 * {@code derive(seed, CLASSIFIER, 0)}; trigger t's experiment {@code derive(seed, TRIGGER, t.label().hashCode())},
 * independent of the trigger's position so a sweep over a subset reuses the same artifacts.
 */
final class SweepRun {
    private final SweepInput input;
    private final List<TriggerSpec> triggers;
    private final ProgressTracker progress;
    private final Map<String, TriggerResult> results = new LinkedHashMap<>();
    private final int runsBefore;
    private final SweepMetrics metrics = new SweepMetrics();
    private final MesaSearchAttributes search;
    private String cleanModelKey;
    private Double cleanAccuracy;

    SweepRun(SweepInput input, ProgressTracker progress, MesaSearchAttributes search) {
        this.input = input;
        this.search = search;
        this.triggers = input.resolvedTriggers();
        this.progress = progress;
        SweepCheckpoint checkpoint = input.checkpoint();
        this.runsBefore = checkpoint != null ? checkpoint.runs() : 0;
        triggers.forEach(t -> progress.plan(t.label(), "trigger"));
        progress.onChange(metrics::publish);
        if (checkpoint != null) {
            cleanModelKey = checkpoint.cleanModelKey();
            cleanAccuracy = checkpoint.cleanAccuracy();
            for (TriggerResult r : checkpoint.completed()) {
                results.put(r.label(), r);
                if (RunStatus.FAILED.equals(r.status())) {
                    metrics.triggerFailed();
                }
                progress.carried(r.label(), RunStatus.COMPLETED.equals(r.status()) ? "done" : r.status(),
                        r.durationMillis());
            }
        }
    }

    SweepResult execute() {
        metrics.publish(progress.snapshot());
        progress.stage("clean model");
        if (cleanModelKey == null && input.modelKey() != null) {
            cleanModelKey = input.modelKey();
        } else if (cleanModelKey == null) {
            ModelArtifact clean = ActivityStubs.model(input.trainingTaskQueue()).trainClassifier(new TrainClassifierRequest(
                    input.dataset(), input.classifier(), SeedRule.derive(input.seed(), Stream.CLASSIFIER, 0)));
            cleanModelKey = clean.key();
            cleanAccuracy = clean.cleanAccuracy();
            search.model(cleanModelKey);
        }
        progress.stage("triggers");
        List<TriggerSpec> remaining = triggers.stream().filter(t -> !results.containsKey(t.label())).toList();
        int[] launched = {0};
        var outcome = new BoundedLauncher(input.maxParallelTriggers(), progress).run(remaining, "trigger",
                TriggerSpec::label, t -> {
                    launched[0]++;
                    return startExperiment(t);
                }, () -> Workflow.getInfo().isContinueAsNewSuggested()
                        || (input.maxTriggersPerRun() != null && launched[0] >= input.maxTriggersPerRun()));
        outcome.finished().forEach((t, r) -> results.put(t.label(), r));
        if (outcome.cancelled()) {
            throw FailureChains.stoppedAt("the remaining triggers");
        }
        if (outcome.stoppedEarly()) {
            progress.stage("continuing as new");
            Workflow.continueAsNew(input.withCheckpoint(
                    new SweepCheckpoint(cleanModelKey, cleanAccuracy, ordered(), runsBefore + 1)));
        }
        progress.stage("report");
        List<TriggerResult> all = ordered();
        List<MethodSummary> summary = SweepSummary.of(all);
        DefenseActivities defense = ActivityStubs.defense(input.trainingTaskQueue());
        ReportArtifact report = defense.writeReport(SweepReport.request(input, cleanModelKey, cleanAccuracy, all, summary));
        progress.stage("done");
        return new SweepResult(input.sweepId(), RunStatus.COMPLETED, cleanModelKey, cleanAccuracy, all, summary, report);
    }

    /** A trigger whose experiment fails is recorded as failed, so one diverging trigger does not sink the sweep. */
    private Promise<TriggerResult> startExperiment(TriggerSpec t) {
        TriggerExperimentWorkflow child = Workflow.newChildWorkflowStub(TriggerExperimentWorkflow.class,
                ChildWorkflowOptions.newBuilder().setWorkflowId(WorkflowIds.triggerExperiment(input.sweepId(), t)).build());
        TriggerExperimentInput experiment = new TriggerExperimentInput(input.sweepId(), t, cleanModelKey, input.dataset(),
                input.numClasses(), input.attack(), input.mesa(), input.retrain(), input.baselineRounds(),
                SeedRule.derive(input.seed(), Stream.TRIGGER, t.label().hashCode()), input.maxParallelActivities(),
                input.trainingTaskQueue(), input.baselineProtocols(), input.extraEnsembles(), java.util.Map.of());
        return Async.function(child::run, experiment).exceptionally(e -> {
            if (FailureChains.isCancellation(e)) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            Workflow.getLogger(SweepRun.class).warn("trigger {} failed: {}", t.label(), FailureChains.rootMessage(e));
            metrics.triggerFailed();
            return TriggerResult.failed(t, input.attack().targetClass(), FailureChains.rootMessage(e));
        });
    }

    SweepResult result(String status) {
        List<TriggerResult> all = ordered();
        return new SweepResult(input.sweepId(), status, cleanModelKey, cleanAccuracy, all, SweepSummary.of(all), null);
    }

    private List<TriggerResult> ordered() {
        return triggers.stream().map(t -> results.get(t.label())).filter(r -> r != null).toList();
    }
}
