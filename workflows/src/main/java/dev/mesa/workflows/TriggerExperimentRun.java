package dev.mesa.workflows;

import dev.mesa.workflows.SeedRule.Stream;
import dev.mesa.workflows.activity.DefenseActivities;
import dev.mesa.workflows.activity.EvaluateRequest;
import dev.mesa.workflows.activity.InjectBackdoorRequest;
import dev.mesa.workflows.activity.ModelActivities;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.RetrainRequest;
import dev.mesa.workflows.activity.ReverseTriggerRequest;
import dev.mesa.workflows.activity.TriggerArtifact;
import dev.mesa.workflows.activity.TriggerSource;
import dev.mesa.workflows.activity.TriggerSpec;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The steps of one trigger experiment and what they produced so far. Seeds: attack {@code derive(seed, ATTACK, 0)};
 * the defence child gets {@code seed} itself; baseline round k reverses with {@code derive(seed, BASELINE_REVERSE, k)}
 * and retrains with {@code derive(seed, BASELINE_RETRAIN, k)}, by every protocol alike (round k of the reference
 * protocol starts from the same random patch as round k of mesa's: a paired comparison); ideal retrains with {@code derive(seed, IDEAL_RETRAIN, 0)};
 * every evaluation uses {@code derive(seed, EVALUATION, 0)}, the same as the defence's, so all methods are measured
 * on identical stamped images. The experiment ends with its own report ({@link TriggerReport}).
 */
final class TriggerExperimentRun {
    private final TriggerExperimentInput input;
    private final TriggerSpec trigger;
    private final int target;
    private final ModelActivities model;
    private final DefenseActivities defense;
    private final ProgressTracker progress;
    private final MesaSearchAttributes search;
    private final String run = RunIdentity.run();
    private final long startedAt;
    private ModelArtifact attackedModel;
    private VariantEvaluation attacked;
    private DefenseResult defenseResult;
    private final List<VariantEvaluation> baseline = new ArrayList<>();
    private final List<String> reversedKeys = new ArrayList<>();
    private VariantEvaluation ideal;

    TriggerExperimentRun(TriggerExperimentInput input, ProgressTracker progress, MesaSearchAttributes search) {
        this.input = input;
        this.search = search;
        this.trigger = input.trigger();
        this.target = input.attack().targetClass();
        this.model = ActivityStubs.model(input.trainingTaskQueue());
        this.defense = ActivityStubs.defense(input.trainingTaskQueue());
        this.progress = progress;
        this.startedAt = Workflow.currentTimeMillis();
    }

    TriggerResult execute() {
        progress.stage("attack");
        attackedModel = model.injectBackdoor(new InjectBackdoorRequest(input.cleanModelKey(), input.dataset(), trigger,
                input.attack(), SeedRule.derive(input.seed(), Stream.ATTACK, 0)));
        search.model(attackedModel.key());
        progress.stage("evaluate attacked");
        attacked = VariantEvaluation.of(VariantNames.BEFORE, defense.evaluate(evaluation(attackedModel.key(),
                VariantNames.BEFORE)));
        stopIfCancelled("the defence");
        progress.stage("defense");
        DefenseWorkflow child = Workflow.newChildWorkflowStub(DefenseWorkflow.class, ChildWorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.triggerDefense(input.sweepId(), trigger)).build());
        defenseResult = child.run(defenseInput());
        stopIfCancelled("the baseline");
        progress.stage("baseline and ideal");
        List<Unit> units = new ArrayList<>();
        units.add(Unit.IDEAL);
        for (String protocol : input.baselineProtocolsOrDefault()) {
            IntStream.range(0, input.baselineRounds()).forEach(k -> units.add(new Unit(protocol, k)));
        }
        var outcome = new BoundedLauncher(input.maxParallelActivities(), progress).run(units, "retrain and evaluate",
                Unit::variant, u -> Async.function(() -> u.ideal() ? idealRetraining() : baselineRound(u.protocol(),
                        u.round())));
        outcome.finished().forEach((u, e) -> {
            if (u.ideal()) {
                ideal = e;
            } else {
                baseline.add(e);
            }
        });
        if (outcome.cancelled()) {
            throw FailureChains.stoppedAt("the report");
        }
        progress.stage("report");
        defense.writeReport(TriggerReport.request(input, attacked, defenseResult, baseline, ideal, reversedKeys));
        progress.stage("done");
        return result(RunStatus.COMPLETED);
    }

    /**
     * Round {@code k} of the baseline by {@code protocol}. mesa's protocol sends the request it always sent (no
     * protocol field), so experiments recorded before the reference protocol replay and reuse as they ran.
     */
    private VariantEvaluation baselineRound(String protocol, int k) {
        String variant = VariantNames.baseline(protocol, k);
        TriggerArtifact reversed = defense.reverseTrigger(new ReverseTriggerRequest(attackedModel.key(), input.dataset(),
                target, trigger.size(), k, SeedRule.derive(input.seed(), Stream.BASELINE_REVERSE, k),
                ReverseTriggerRequest.MESA.equals(protocol) ? null : protocol));
        reversedKeys.add(reversed.key());
        ModelArtifact repaired = defense.retrain(new RetrainRequest(attackedModel.key(), input.dataset(),
                TriggerSource.reversed(reversed.key()), input.retrain(),
                SeedRule.derive(input.seed(), Stream.BASELINE_RETRAIN, k), variant));
        return VariantEvaluation.of(variant, defense.evaluate(evaluation(repaired.key(), variant)));
    }

    /** One unit of the baseline-and-ideal stage: the ideal retraining, or round {@code round} of a baseline protocol. */
    private record Unit(String protocol, int round) {
        static final Unit IDEAL = new Unit(null, -1);

        boolean ideal() {
            return protocol == null;
        }

        String variant() {
            return ideal() ? VariantNames.IDEAL : VariantNames.baseline(protocol, round);
        }
    }

    private VariantEvaluation idealRetraining() {
        ModelArtifact repaired = defense.retrain(new RetrainRequest(attackedModel.key(), input.dataset(),
                TriggerSource.original(trigger), input.retrain(), SeedRule.derive(input.seed(), Stream.IDEAL_RETRAIN, 0),
                VariantNames.IDEAL));
        return VariantEvaluation.of(VariantNames.IDEAL, defense.evaluate(evaluation(repaired.key(), VariantNames.IDEAL)));
    }

    private EvaluateRequest evaluation(String modelKey, String variant) {
        return new EvaluateRequest(modelKey, input.dataset(), trigger, target,
                SeedRule.derive(input.seed(), Stream.EVALUATION, 0), variant, run, null,
                variant.equals(VariantNames.BEFORE) ? null : attackedModel.key());
    }

    private DefenseInput defenseInput() {
        String defenseId = WorkflowIds.triggerExperiment(input.sweepId(), trigger);
        return new DefenseInput(defenseId, attackedModel.key(), input.dataset(), input.numClasses(), null,
                trigger.size(), input.mesa(), input.retrain(), trigger, target, null, input.seed(),
                input.maxParallelActivities(), input.trainingTaskQueue(), null, null, input.extraEnsembles(),
                java.util.Map.of());
    }

    private void stopIfCancelled(String nextStep) {
        if (CancellationScope.current().isCancelRequested()) {
            throw FailureChains.stoppedAt(nextStep);
        }
    }

    TriggerResult result(String status) {
        DefenseResult d = defenseResult;
        Double targetAsr = null;
        Double bestOther = null;
        if (d != null) {
            for (var score : d.detection()) {
                if (score.classIndex() == target) {
                    targetAsr = score.sampleAsr();
                } else if (bestOther == null || score.sampleAsr() > bestOther) {
                    bestOther = score.sampleAsr();
                }
            }
        }
        List<VariantEvaluation> mesaVariants = d == null ? List.of()
                : d.evaluations().stream().filter(e -> !e.variant().equals(VariantNames.BEFORE)).toList();
        return new TriggerResult(trigger.label(), trigger, target, status, null,
                attackedModel != null ? attackedModel.key() : null, attacked,
                d != null ? d.attackedClasses() : null, targetAsr, bestOther, mesaVariants,
                d != null ? d.chosenVariant() : null, d != null && d.report() != null ? d.report().key() : null,
                List.copyOf(baseline), ideal, Workflow.currentTimeMillis() - startedAt);
    }
}
