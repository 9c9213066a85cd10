package dev.mesa.workflows;

import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import dev.mesa.workflows.activity.TriggerSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DefenseWorkflowTest {
    private final WorkflowTestBed bed = new WorkflowTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void defendsTheAttackedClassAndChoosesTheBetaWithTheLowestAsr() {
        DefenseResult result = bed.defense("happy").run(Inputs.defense("happy"));

        assertEquals(RunStatus.COMPLETED, result.status());
        assertEquals(List.of(0), result.attackedClasses());
        assertEquals(10, result.detection().size());
        assertEquals(10, result.detectionGenerators().size());
        assertEquals(List.of(0.5, 0.8, 0.9), result.generators().stream().map(g -> g.beta()).toList());
        // a 2-epoch scan of the 10 classes, the attacked class continued to 10 epochs; that β = 0.9 generator has the
        // staircase's budget, so it is reused: 10 + 1 + 2 trainings
        assertEquals(13, bed.defenseActivities.calls.count("TrainGenerator"));
        assertEquals(result.detectionGenerators().get(0), result.generators().get(2), "the continued scan is reused");
        assertEquals(List.of("before", "beta=0.5", "beta=0.8", "beta=0.9", "ensemble"),
                result.evaluations().stream().map(VariantEvaluation::variant).toList());
        assertEquals("beta=0.9", result.chosenVariant());
        assertEquals("models/suspect/repaired-beta=0.9", result.chosenModelKey());
        assertTrue(result.choiceReason().contains("3.0%") && result.choiceReason().contains("before: 98.0%"),
                result.choiceReason());
        assertEquals("reports/defense/happy", result.report().key());
        assertTrue(bed.defenseActivities.generatorRequests.stream().allMatch(r -> Integer.valueOf(
                TrainGeneratorRequest.ONE_PASS_MEASUREMENT).equals(r.measurement())),
                "a new execution measures every generator as the paper does (noise-free skip rule, held-out figures),"
                        + " both figures from one pass");
        assertEquals(List.of("detection scan (after 2 epochs)", "detection", "detection trace: sample ASR by epoch",
                "detection trace: mean F by epoch", "generators", "evaluation"),
                bed.defenseActivities.reports.get(0).tables().stream().map(t -> t.title()).toList());
    }

    @Test
    void theEnsembleMixesEveryUsableGeneratorAndSkippedLevelsAreLeftOut() {
        bed.defenseActivities.skippedBetas.add(0.5);
        DefenseResult result = bed.defense("skip").run(Inputs.defenseWithoutTrigger("skip").withMode(DefenseInput.EXPERIMENT));

        List<String> variants = result.evaluations().stream().map(VariantEvaluation::variant).toList();
        assertEquals(List.of("before", "beta=0.8", "beta=0.9", "ensemble"), variants);
        TriggerSource ensemble = bed.defenseActivities.retrainRequests.stream()
                .filter(r -> r.variant().equals("ensemble")).findFirst().orElseThrow().triggers();
        assertEquals(2, ensemble.generatorKeys().size());
        assertEquals(TriggerSource.UNIFORM, ensemble.mixing());
        // without the original trigger there is no ASR to compare: the ensemble is chosen, and the reason says why
        assertEquals("ensemble", result.chosenVariant());
        assertTrue(result.choiceReason().startsWith("original trigger unknown"), result.choiceReason());
        assertNull(result.evaluations().get(0).attackSuccessRate());
    }

    @Test
    void extraEnsemblesAreRetrainedBesideTheUniformOneAndTheReferenceCycleKeepsEveryLevel() {
        bed.defenseActivities.skippedBetas.add(0.5);
        DefenseInput in = Inputs.defense("extra");
        DefenseInput extra = new DefenseInput(in.defenseId(), in.modelKey(), in.dataset(), null, null, null, null, null,
                in.originalTrigger(), in.originalTargetClass(), TriggerSource.ENTROPY, in.seed(), null, null, null, null,
                List.of(TriggerSource.REFERENCE_CYCLE, TriggerSource.CYCLE), java.util.Map.of());
        DefenseResult result = bed.defense("extra").run(extra);

        assertEquals(List.of("before", "beta=0.8", "beta=0.9", "ensemble", "ensemble-reference-cycle", "ensemble-cycle"),
                result.evaluations().stream().map(VariantEvaluation::variant).toList());
        var byVariant = bed.defenseActivities.retrainRequests.stream().collect(java.util.stream.Collectors.toMap(
                r -> r.variant(), r -> r));
        assertEquals(TriggerSource.ENTROPY, byVariant.get("ensemble").triggers().mixing());
        assertEquals(2, byVariant.get("ensemble").triggers().generatorKeys().size(), "the skipped β is left out");
        TriggerSource reference = byVariant.get("ensemble-reference-cycle").triggers();
        assertEquals(TriggerSource.REFERENCE_CYCLE, reference.mixing());
        assertEquals(3, reference.generatorKeys().size(), "the reference cycles every level, the skipped one too");
        assertEquals(2, byVariant.get("ensemble-cycle").triggers().generatorKeys().size());
        assertEquals(5, byVariant.values().stream().map(r -> r.seed()).distinct().count(), "one seed per retraining");
    }

    @Test
    void anUnknownEnsembleMixingIsRefusedNamingTheChoices() {
        DefenseInput in = Inputs.defense("bad");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new DefenseInput(in.defenseId(), in.modelKey(), in.dataset(), null, null, null, null, null,
                        in.originalTrigger(), in.originalTargetClass(), "weighted", in.seed(), null, null).withDefaults()
                        .validate());
        assertTrue(e.getMessage().contains("ensembleMixing") && e.getMessage().contains("reference-cycle"),
                e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new DefenseInput(in.defenseId(), in.modelKey(), in.dataset(), null, null, null, null, null,
                        in.originalTrigger(), in.originalTargetClass(), null, in.seed(), null, null, null, null,
                        List.of(TriggerSource.SINGLE), java.util.Map.of()).withDefaults().validate());
        assertTrue(e.getMessage().contains("extraEnsembles"), e.getMessage());
    }

    @Test
    void whenNoClassIsAttackedItReportsAndStopsWithoutRetraining() {
        bed.defenseActivities.attackedClasses.clear();
        DefenseResult result = bed.defense("clean").run(Inputs.defense("clean"));

        assertEquals(RunStatus.NO_ATTACK, result.status());
        assertEquals(List.of(), result.attackedClasses());
        assertEquals(0, bed.defenseActivities.calls.count("Retrain"));
        assertEquals(10, bed.defenseActivities.calls.count("TrainGenerator"), "ten scans, none continued");
        assertEquals(List.of(), result.scan().continuing());
        assertEquals(List.of("before"), result.evaluations().stream().map(VariantEvaluation::variant).toList());
        assertNull(result.chosenModelKey());
        assertEquals(1, bed.defenseActivities.reports.size());
        assertTrue(bed.defenseActivities.reports.get(0).findings().contains("no class flagged as attacked"));
    }

    @Test
    void whenEveryGeneratorIsSkippedNothingIsRetrainedAndNoModelIsChosen() {
        bed.defenseActivities.skippedBetas.addAll(List.of(0.5, 0.8, 0.9));
        DefenseResult result = bed.defense("empty").run(Inputs.defense("empty"));

        assertEquals(RunStatus.COMPLETED, result.status());
        assertEquals(List.of(0), result.attackedClasses());
        assertEquals(0, bed.defenseActivities.calls.count("Retrain"));
        assertNull(result.chosenModelKey());
        assertTrue(result.choiceReason().startsWith("every generator was skipped"), result.choiceReason());
    }

    @Test
    void trainingActivitiesRunOnTheConfiguredTrainingQueue() {
        bed.defense("gpu").run(Inputs.withParallelism(Inputs.defense("gpu"), 2, TaskQueues.GPU));

        assertEquals(Set.of(TaskQueues.GPU), bed.defenseActivities.calls.queues("TrainGenerator"));
        assertEquals(Set.of(TaskQueues.GPU), bed.defenseActivities.calls.queues("Retrain"));
        assertEquals(Set.of(TaskQueues.DEFAULT), bed.defenseActivities.calls.queues("Evaluate"));
        assertEquals(Set.of(TaskQueues.DEFAULT), bed.defenseActivities.calls.queues("DetectTargets"));
    }

    @Test
    void detectionGeneratorIsNotReusedWhenItsEpochBudgetDiffers() {
        MesaSettings shortDetection = new MesaSettings(null, null, null, 10, 2, null, null, null, null, null, null,
                null, null);
        DefenseResult result = bed.defense("budget").run(Inputs.withMesa(Inputs.defense("budget"), shortDetection));

        assertEquals(13, bed.defenseActivities.calls.count("TrainGenerator"));
        assertEquals(2, bed.defenseActivities.generatorRequests.stream().filter(r -> r.purpose().equals("detection"))
                .mapToInt(r -> r.epochBudget()).max().orElseThrow());
        assertNull(result.scan(), "a 2-epoch scan of a 2-epoch budget is the full protocol");
    }

    @Test
    void seedsAreDerivedFromTheInputSeedAndDistinctPerUnit() {
        bed.defense("seeds").run(Inputs.defense("seeds"));
        // a scan and its continuation are one run (one seed); every other request is a unit of its own
        List<Long> seeds = bed.defenseActivities.generatorRequests.stream().filter(r -> r.stopAfterEpochs() == null)
                .map(r -> r.seed()).toList();
        assertEquals(seeds.size(), Set.copyOf(seeds).size());
        assertTrue(bed.defenseActivities.generatorRequests.stream().anyMatch(
                r -> r.targetClass() == 3 && r.seed() == SeedRule.derive(7L, SeedRule.Stream.DETECTION, 3)));
    }

    @Test
    void progressQueryReportsEveryUnitDoneAfterCompletion() {
        DefenseWorkflow stub = bed.defense("query");
        stub.run(Inputs.defense("query"));

        Progress progress = stub.progress();
        assertEquals("done", progress.stage());
        assertEquals(progress.total(), progress.done());
        assertEquals(0, progress.running());
        assertEquals("done", progress.units().get("scan class 9"));
        assertEquals("done", progress.units().get("detect class 0"));
        assertNull(progress.units().get("detect class 9"), "a class stopped after its scan is not continued");
        assertEquals("done", progress.units().get("retrain ensemble"));
        assertEquals(0L, progress.etaMillis());
        assertEquals(List.of("starting", "detection scan", "detection scan rule", "detection", "detection rule",
                "staircase", "retraining", "evaluation", "report", "done"), List.copyOf(progress.stageMillis().keySet()));
    }
}
