package dev.mesa.workflows;

import dev.mesa.workflows.activity.EvaluateRequest;
import dev.mesa.workflows.activity.SampledTriggerAsr;
import dev.mesa.workflows.activity.SampledTriggers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An audit (no original trigger): which activities run, and what it measures instead of the trigger's ASR. */
class AuditWorkflowTest {
    private final WorkflowTestBed bed = new WorkflowTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void anAuditRunsDetectionTheStaircaseAndTheEnsemblesRetrainingOnly() {
        DefenseResult result = bed.defense("audit").run(Inputs.defenseWithoutTrigger("audit"));

        assertEquals(1, bed.defenseActivities.calls.count("DescribeInputs"));
        assertEquals(10 + 1 + 2, bed.defenseActivities.calls.count("TrainGenerator"),
                "scans, a continuation, two new levels");
        assertEquals(2, bed.defenseActivities.calls.count("DetectTargets"));
        assertEquals(1, bed.defenseActivities.calls.count("Retrain"), "no per-β retraining");
        assertEquals("ensemble", bed.defenseActivities.retrainRequests.get(0).variant());
        assertEquals(3, bed.defenseActivities.retrainRequests.get(0).triggers().generatorKeys().size());
        assertEquals(2, bed.defenseActivities.calls.count("Evaluate"), "before and after");
        assertEquals(0, bed.defenseActivities.calls.count("ReverseTrigger"));
        assertEquals(1, bed.defenseActivities.calls.count("WriteReport"));
        assertEquals(List.of("before", "ensemble"), result.evaluations().stream().map(VariantEvaluation::variant).toList());
        assertEquals("ensemble", result.chosenVariant());
    }

    @Test
    void anAuditMeasuresTheAsrOfTheAttackedClassesOwnSampledTriggersBeforeAndAfter() {
        DefenseResult result = bed.defense("evidence").run(Inputs.defenseWithoutTrigger("evidence"));

        for (EvaluateRequest r : bed.defenseActivities.evaluateRequests) {
            assertNull(r.trigger());
            assertEquals(1, r.sampledTriggers().size());
            SampledTriggers sampled = r.sampledTriggers().get(0);
            assertEquals(0, sampled.targetClass());
            assertEquals(result.generators().stream().map(g -> g.key()).toList(), sampled.generatorKeys());
        }
        assertEquals(List.of(new SampledTriggerAsr(0, 0.9)), result.evaluations().get(0).sampledTriggerAsr());
        assertEquals(List.of(new SampledTriggerAsr(0, 0.1)), result.evaluations().get(1).sampledTriggerAsr());
        var table = bed.defenseActivities.reports.get(0).tables().stream()
                .filter(t -> t.title().equals("sampled triggers")).findFirst().orElseThrow();
        assertEquals(List.of("variant", "sampled-trigger ASR, class 0"), table.columns());
        assertEquals(List.of(0.9), table.rows().get(0).values());
    }

    @Test
    void anAuditWithOneUsableLevelRetrainsThatLevel() {
        bed.defenseActivities.skippedBetas.addAll(List.of(0.5, 0.8));
        DefenseResult result = bed.defense("one-level").run(Inputs.defenseWithoutTrigger("one-level"));

        assertEquals(1, bed.defenseActivities.calls.count("Retrain"));
        assertEquals("beta=0.9", result.chosenVariant());
        assertEquals(1, bed.defenseActivities.evaluateRequests.get(0).sampledTriggers().get(0).generatorKeys().size(),
                "only the usable generator is sampled");
    }

    @Test
    void anExperimentKeepsTheFullSetAndMeasuresNoSampledTriggers() {
        DefenseResult result = bed.defense("experiment").run(Inputs.defense("experiment"));

        assertEquals(4, bed.defenseActivities.calls.count("Retrain"), "every β and the ensemble");
        assertTrue(bed.defenseActivities.evaluateRequests.stream().allMatch(r -> r.sampledTriggers() == null));
        assertTrue(result.evaluations().stream().allMatch(e -> e.sampledTriggerAsr().isEmpty()));
    }

    @Test
    void anAuditAskedForWithTheTriggerKnownAlsoMeasuresTheTriggersAsr() {
        DefenseResult result = bed.defense("timed").run(Inputs.defense("timed").withMode(DefenseInput.AUDIT));

        assertEquals(1, bed.defenseActivities.calls.count("Retrain"));
        assertEquals(0.035, result.evaluations().get(1).attackSuccessRate(), 1e-12);
        assertEquals(List.of(new SampledTriggerAsr(0, 0.1)), result.evaluations().get(1).sampledTriggerAsr());
    }

    @Test
    void theModeDefaultsFromTheTriggerAndAnUnknownModeIsRefused() {
        assertEquals(DefenseInput.AUDIT, Inputs.defenseWithoutTrigger("a").withDefaults().mode());
        assertEquals(DefenseInput.EXPERIMENT, Inputs.defense("e").withDefaults().mode());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Inputs.defense("x").withMode("audi").withDefaults().withClassCount(10).validate());
        assertTrue(e.getMessage().contains("mode must be one of [audit, experiment]"), e.getMessage());
    }
}
