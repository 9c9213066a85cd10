package dev.mesa.workflows;

import dev.mesa.workflows.activity.DetectTargetsRequest;
import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detection protocols, with fake activities: which generators are asked for, in which order, with what budget. */
class DetectionScanWorkflowTest {
    private final WorkflowTestBed bed = new WorkflowTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    private List<TrainGeneratorRequest> detectionRequests() {
        return bed.defenseActivities.generatorRequests.stream()
                .filter(r -> r.purpose().equals(TrainGeneratorRequest.DETECTION)).toList();
    }

    @Test
    void theScanSearchesEveryClassBrieflyAndContinuesOnlyTheOpenOnesFromTheirOwnRun() {
        DefenseResult result = bed.defense("scan").run(Inputs.defense("scan"));

        List<TrainGeneratorRequest> detection = detectionRequests();
        List<TrainGeneratorRequest> scans = detection.subList(0, 10);
        assertTrue(scans.stream().allMatch(r -> r.stopAfterEpochs() == 2 && r.traceEpochs().equals(List.of(2))),
                "every class is scanned for 2 epochs, measured at the scan's end");
        assertEquals(IntStream.range(0, 10).boxed().toList(), scans.stream().map(r -> r.targetClass()).sorted().toList());
        assertEquals(11, detection.size(), "only the attacked class continues");
        TrainGeneratorRequest continuation = detection.get(10);
        assertEquals(scans.stream().filter(r -> r.targetClass() == 0).findFirst().orElseThrow().stoppingAfter(null)
                .widenedWhen(true), continuation, "the continuation is the scan's request without its stop (the same"
                + " run, resumed), marked wide as the only unit of its stage");

        List<DetectTargetsRequest> rules = bed.defenseActivities.detectionRequests;
        assertEquals(2, rules.size());
        assertTrue(rules.get(0).afterScan());
        assertEquals(0.1, rules.get(0).scanContinueAsr());
        assertEquals(2.0, rules.get(0).scanContinueAnomaly());
        assertTrue(rules.get(0).generators().stream().allMatch(g -> g.epochs() == 2));
        assertEquals(false, rules.get(1).afterScan());
        assertEquals(List.of(10, 2, 2, 2, 2, 2, 2, 2, 2, 2), rules.get(1).generators().stream()
                .map(GeneratorArtifact::epochs).toList(), "the final rule: class 0 continued, the others' scans");

        assertEquals(List.of(0), result.scan().continuing());
        assertEquals(0.6, result.scan().perClass().get(0).sampleAsr(), 1e-12);
        assertEquals(List.of(0), result.attackedClasses());
        assertEquals(0.95, result.detection().get(0).sampleAsr(), 1e-12, "the verdict uses the continued generator");
        assertEquals(List.of(2, 10), result.detectionGenerators().get(0).trace().stream().map(p -> p.epoch()).toList());
        List<String> order = bed.defenseActivities.calls.sequence();
        List<Integer> trainings = IntStream.range(0, order.size()).filter(i -> order.get(i).equals("TrainGenerator"))
                .boxed().toList();
        assertTrue(order.indexOf("DetectTargets") > trainings.get(9) && order.indexOf("DetectTargets") < trainings.get(10),
                "the scan's rule runs after the ten scans and before the continuation: " + order);
    }

    @Test
    void aLowClassThatStandsOutIsContinuedTooButNotFlagged() {
        bed.defenseActivities.lowAsr.put(4, 0.12);
        DefenseResult result = bed.defense("outlier").run(Inputs.defense("outlier"));

        assertEquals(List.of(0, 4), result.scan().continuing());
        assertEquals(List.of(0), result.attackedClasses());
        assertEquals(12, detectionRequests().size());
    }

    @Test
    void fullDetectionGivesEveryClassTheWholeBudgetAndNoScan() {
        MesaSettings full = MesaSettings.defaults().withDetection(MesaSettings.FULL);
        DefenseResult result = bed.defense("full").run(Inputs.withMesa(Inputs.defense("full"), full));

        assertEquals(10, detectionRequests().size());
        assertTrue(detectionRequests().stream().allMatch(r -> r.stopAfterEpochs() == null
                && r.traceEpochs().isEmpty()));
        assertEquals(1, bed.defenseActivities.calls.count("DetectTargets"));
        assertNull(result.scan());
        assertEquals(12, bed.defenseActivities.calls.count("TrainGenerator"),
                "10 full searches, the β = 0.9 one reused");
        assertEquals(List.of("detection", "generators", "evaluation"),
                bed.defenseActivities.reports.get(0).tables().stream().map(t -> t.title()).toList(), "no trace tables");
    }

    @Test
    void tracedFullDetectionMeasuresEveryEpochAndReportsTheTraces() {
        MesaSettings traced = MesaSettings.defaults().withDetection(MesaSettings.FULL).withTraceDetection(true);
        DefenseResult result = bed.defense("traced").run(Inputs.withMesa(Inputs.defense("traced"), traced));

        List<Integer> everyEpoch = IntStream.rangeClosed(1, 10).boxed().toList();
        assertTrue(detectionRequests().stream().allMatch(r -> r.traceEpochs().equals(everyEpoch)));
        assertEquals(everyEpoch, result.detectionGenerators().get(3).trace().stream().map(p -> p.epoch()).toList());
        var table = bed.defenseActivities.reports.get(0).tables().stream()
                .filter(t -> t.title().equals("detection trace: sample ASR by epoch")).findFirst().orElseThrow();
        assertEquals(11, table.columns().size(), "class, then one column per epoch");
        assertEquals(10, table.rows().size());
    }

    @Test
    void theSettingsTellTheProtocol() {
        MesaSettings defaults = MesaSettings.defaults();
        assertEquals(MesaSettings.SCAN, defaults.detection());
        assertTrue(defaults.scansDetection());
        assertEquals(List.of(2), defaults.detectionTraceEpochs());
        assertEquals(List.of(), defaults.withDetection(MesaSettings.FULL).detectionTraceEpochs());
        MesaSettings shortBudget = new MesaSettings(null, null, null, null, 2, null, null, null, null, null, null,
                null, null).withDefaults();
        assertEquals(false, shortBudget.scansDetection(), "a scan as long as the budget is the full protocol");
    }
}
