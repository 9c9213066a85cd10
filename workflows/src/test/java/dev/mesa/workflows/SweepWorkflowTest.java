package dev.mesa.workflows;

import dev.mesa.workflows.activity.FailureTypes;
import dev.mesa.workflows.activity.InjectBackdoorRequest;
import dev.mesa.workflows.activity.ReverseTriggerRequest;
import io.temporal.api.enums.v1.EventType;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepWorkflowTest {
    private final WorkflowTestBed bed = new WorkflowTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void runsAttackDefenseBaselineAndIdealPerTriggerAndSummarises() {
        SweepResult result = bed.sweep("paper").run(Inputs.sweep("paper", Inputs.bw(170, 7), null, 2));

        assertEquals(RunStatus.COMPLETED, result.status());
        assertEquals("models/clean-synthetic", result.cleanModelKey());
        assertEquals(0.91, result.cleanAccuracy());
        assertEquals(1, bed.model.calls.count("TrainClassifier"));
        assertEquals(List.of("bw-170", "bw-7"), result.triggers().stream().map(TriggerResult::label).toList());
        TriggerResult first = result.triggers().get(0);
        assertEquals(RunStatus.COMPLETED, first.status());
        assertEquals("models/attacked-bw-170", first.attackedModelKey());
        assertEquals(0.98, first.attacked().attackSuccessRate());
        assertEquals(List.of(0), first.detectedClasses());
        assertEquals(0.95, first.targetDetectionAsr());
        assertEquals(0.03, first.bestOtherDetectionAsr());
        assertEquals("beta=0.9", first.chosenVariant());
        assertEquals(List.of("baseline-k0", "baseline-k1"), first.baseline().stream().map(VariantEvaluation::variant).toList());
        assertEquals(0.02, first.ideal().attackSuccessRate());
        assertEquals("reports/defense/paper/trigger-bw-170", first.defenseReportKey());

        Map<String, MethodSummary> summary = result.summary().stream()
                .collect(Collectors.toMap(MethodSummary::method, m -> m));
        assertEquals(0.03, summary.get("mesa chosen").meanAsr(), 1e-12);
        assertEquals(4, summary.get("baseline").measurements());
        assertEquals(0.20, summary.get("baseline").worstAsr(), 1e-12);
        assertEquals("reports/sweep/paper", result.report().key());

        var triggerReport = bed.defenseActivities.reports.stream()
                .filter(r -> r.reportId().equals("paper/trigger-bw-170")).findFirst().orElseThrow();
        assertEquals(List.of("triggers/models/attacked-bw-170/k0", "triggers/models/attacked-bw-170/k1"),
                triggerReport.figure().reversedTriggerKeys(), "the figure marks the baseline's reversed triggers");
        assertEquals("bw-170", triggerReport.figure().originalTrigger().label());
        assertEquals(1 + first.defense().size() + 2 + 1, triggerReport.tables().get(0).rows().size(),
                "attacked, every MESA variant, two baseline rounds, ideal");
    }

    @Test
    void theAuthorsBaselineAndEnsembleAreReportedBesideMesas() {
        SweepInput in = Inputs.sweep("compare", Inputs.bw(170), null, 1);
        SweepInput compare = new SweepInput(in.sweepId(), null, in.triggers(), in.dataset(), null, null, null,
                in.attack(), null, null, 2, 1, 4, null, 11L, null, null,
                List.of(ReverseTriggerRequest.MESA, ReverseTriggerRequest.REFERENCE), List.of("reference-cycle"), Map.of());
        SweepResult result = bed.sweep("compare").run(compare);

        TriggerResult r = result.triggers().get(0);
        assertEquals(List.of("baseline-k0", "baseline-k1", "baseline-reference-k0", "baseline-reference-k1"),
                r.baseline().stream().map(VariantEvaluation::variant).toList());
        // mesa's rounds send the request they always sent; round k of both protocols starts from the same seed
        Map<String, Long> seeds = bed.defenseActivities.reverseRequests.stream().collect(Collectors.toMap(
                q -> q.protocol() + "-k" + q.round(), ReverseTriggerRequest::seed));
        assertEquals(java.util.Set.of("null-k0", "null-k1", "reference-k0", "reference-k1"), seeds.keySet());
        assertEquals(seeds.get("null-k0"), seeds.get("reference-k0"));
        assertEquals(seeds.get("null-k1"), seeds.get("reference-k1"));
        assertTrue(r.defense().stream().anyMatch(e -> e.variant().equals("ensemble-reference-cycle")), r.toString());
        assertTrue(r.defense().stream().anyMatch(e -> e.variant().equals("ensemble")), r.toString());

        Map<String, MethodSummary> summary = result.summary().stream()
                .collect(Collectors.toMap(MethodSummary::method, m -> m));
        assertEquals(2, summary.get("baseline").measurements());
        assertEquals(0.15, summary.get("baseline").meanAsr(), 1e-12);
        assertEquals(0.325, summary.get("baseline reference").meanAsr(), 1e-12);
        assertEquals(1, summary.get("baseline reference worst round").measurements());
        assertEquals(0.40, summary.get("baseline reference worst round").meanAsr(), 1e-12);
        assertEquals(0.20, summary.get("baseline worst round").meanAsr(), 1e-12);
        assertEquals(FakeDefenseActivities.OTHER_REPAIRED_ASR, summary.get("mesa ensemble-reference-cycle").meanAsr(),
                1e-12);
        var report = bed.defenseActivities.reports.stream().filter(x -> x.reportId().equals("compare/trigger-bw-170"))
                .findFirst().orElseThrow();
        assertTrue(report.findings().contains("baseline over 2 rounds: mean ASR 15.0%, worst 20.0%"), report.findings()
                .toString());
        assertTrue(report.findings().contains("baseline reference over 2 rounds: mean ASR 32.5%, worst 40.0%"),
                report.findings().toString());
    }

    @Test
    void unknownComparisonsAreRefusedNamingTheChoices() {
        SweepInput in = Inputs.sweep("bad", Inputs.bw(170), null, 1);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SweepInput(in.sweepId(), null, in.triggers(), in.dataset(), null, null, null, in.attack(),
                        null, null, 2, 1, 4, null, 11L, null, null, List.of("neural-cleanse"), null, Map.of())
                        .withDefaults().validate());
        assertTrue(e.getMessage().contains("baselineProtocols") && e.getMessage().contains("reference"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SweepInput(in.sweepId(), null, in.triggers(), in.dataset(), null, null, null, in.attack(),
                        null, null, 2, 1, 4, null, 11L, null, null, null, List.of("cycle", "cycle"), Map.of())
                        .withDefaults().validate());
        assertTrue(e.getMessage().contains("extraEnsembles"), e.getMessage());
    }

    @Test
    void childWorkflowIdsFollowTheDocumentedScheme() {
        bed.sweep("ids").run(Inputs.sweep("ids", Inputs.bw(170), null, 1));

        for (String id : List.of("ids/trigger-bw-170", "ids/trigger-bw-170/defense")) {
            var history = bed.client().fetchHistory(id);
            assertEquals(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, history.getLastEvent().getEventType(), id);
        }
    }

    @Test
    void continuesAsNewCarryingFinishedTriggersSoNothingIsRedone() {
        SweepWorkflow stub = bed.sweep("chunked");
        SweepResult result = stub.run(Inputs.sweep("chunked", Inputs.bw(170, 7, 186), 1, 1));

        assertEquals(List.of("bw-170", "bw-7", "bw-186"), result.triggers().stream().map(TriggerResult::label).toList());
        assertEquals(3, bed.model.calls.count("InjectBackdoor"), "each trigger attacked exactly once");
        assertEquals(1, bed.model.calls.count("TrainClassifier"), "the clean model is carried over");
        assertEquals(0.91, result.cleanAccuracy());
        long continued = bed.client().fetchHistory(WorkflowIds.sweep("chunked")).getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
                .filter(e -> !e.getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId().isEmpty()).count();
        assertEquals(1, continued, "the last run was started by continue-as-new");
        Progress progress = stub.progress();
        assertEquals(Map.of("bw-170", "done", "bw-7", "done", "bw-186", "done"), progress.units());
        assertEquals(3, progress.done());
    }

    @Test
    void aFailingTriggerIsRecordedAsFailedAndTheOthersComplete() {
        bed.model.hook = (activity, request) -> {
            if (activity.equals("InjectBackdoor") && ((InjectBackdoorRequest) request).trigger().id() == 7) {
                throw ApplicationFailure.newNonRetryableFailure("loss became NaN at step 12", FailureTypes.NON_FINITE_LOSS);
            }
        };
        SweepResult result = bed.sweep("nan").run(Inputs.sweep("nan", Inputs.bw(170, 7), null, 2));

        assertEquals(RunStatus.COMPLETED, result.status());
        TriggerResult failed = result.triggers().get(1);
        assertEquals(RunStatus.FAILED, failed.status());
        assertTrue(failed.error().contains("loss became NaN"), failed.error());
        assertNull(failed.attackedModelKey());
        assertEquals(RunStatus.COMPLETED, result.triggers().get(0).status());
        assertEquals(2, bed.model.calls.count("InjectBackdoor"), "the non-retryable failure was not retried");
        assertEquals(1, result.summary().stream().filter(m -> m.method().equals("ideal")).findFirst().orElseThrow()
                .measurements());
        assertTrue(bed.defenseActivities.reports.get(bed.defenseActivities.reports.size() - 1).findings().stream()
                .anyMatch(f -> f.startsWith("bw-7 failed")));
    }

    @Test
    void aGivenCleanModelIsUsedWithoutTraining() {
        SweepInput in = Inputs.sweep("given", Inputs.bw(170), null, 1);
        SweepInput withModel = new SweepInput(in.sweepId(), null, in.triggers(), in.dataset(), null, null,
                "models/mine", null, null, null, 0, null, null, null, null, null, null);
        SweepResult result = bed.sweep("given").run(withModel);

        assertEquals(0, bed.model.calls.count("TrainClassifier"));
        assertEquals("models/mine", result.cleanModelKey());
        assertNull(result.cleanAccuracy());
        assertEquals(List.of(), result.triggers().get(0).baseline());
        assertNotNull(result.triggers().get(0).ideal());
    }
}
