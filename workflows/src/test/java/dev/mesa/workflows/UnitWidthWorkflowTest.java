package dev.mesa.workflows;

import dev.mesa.workflows.activity.RetrainRequest;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which units the defence marks wide: exactly those alone in their stage (the one continued class, the audit's one
 * retraining), from the workflow's own state, so a slots worker may give them every core.
 */
class UnitWidthWorkflowTest {
    private final WorkflowTestBed bed = new WorkflowTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    private List<TrainGeneratorRequest> generators(String purpose) {
        return bed.defenseActivities.generatorRequests.stream().filter(r -> r.purpose().equals(purpose)).toList();
    }

    @Test
    void theOneContinuedClassAndTheAuditsOneRetrainingRunWideAndNothingElse() {
        bed.defense("audit").run(Inputs.defenseWithoutTrigger("audit"));

        List<TrainGeneratorRequest> detection = generators(TrainGeneratorRequest.DETECTION);
        assertEquals(11, detection.size());
        assertTrue(detection.subList(0, 10).stream().noneMatch(TrainGeneratorRequest::runsWide), "ten scans at once");
        assertTrue(detection.get(10).runsWide(), "the continuation of class 0 alone");
        assertTrue(generators(TrainGeneratorRequest.STAIRCASE).stream().noneMatch(TrainGeneratorRequest::runsWide),
                "two staircase levels side by side");
        List<RetrainRequest> retrainings = bed.defenseActivities.retrainRequests;
        assertEquals(1, retrainings.size());
        assertTrue(retrainings.get(0).runsWide(), "the ensemble's retraining alone");
    }

    @Test
    void anExperimentsRetrainingsAndTwoContinuedClassesRunInTheirSlots() {
        bed.defenseActivities.lowAsr.put(4, 0.12);
        bed.defense("experiment").run(Inputs.defense("experiment"));

        List<TrainGeneratorRequest> detection = generators(TrainGeneratorRequest.DETECTION);
        assertEquals(12, detection.size(), "classes 0 and 4 continue");
        assertTrue(detection.stream().noneMatch(TrainGeneratorRequest::runsWide));
        Map<String, Boolean> wideByVariant = bed.defenseActivities.retrainRequests.stream()
                .collect(Collectors.toMap(RetrainRequest::variant, RetrainRequest::runsWide));
        assertEquals(4, wideByVariant.size(), "three β and the ensemble");
        assertFalse(wideByVariant.containsValue(true));
    }

    @Test
    void onAWideningWorkerTheLastOfThreeRetrainingsWaitsForTheOtherTwoAndRunsWide() {
        bed.defenseActivities.wideSlots = 2;
        bed.defenseActivities.skippedBetas.add(0.9);
        bed.defense("three").run(Inputs.defense("three"));

        Map<String, Boolean> wideByVariant = bed.defenseActivities.retrainRequests.stream()
                .collect(Collectors.toMap(RetrainRequest::variant, RetrainRequest::runsWide));
        assertEquals(Map.of("beta=0.5", false, "beta=0.8", false, "ensemble", true), wideByVariant,
                "β = 0.9 skipped: three variants on two slots, the third alone on every core");
        // in the history, the third retraining is scheduled only once both others completed
        var events = bed.client().fetchHistory(WorkflowIds.defense("three")).getEvents();
        java.util.Set<Long> retrainScheduled = new java.util.HashSet<>();
        int completedBeforeLast = -1;
        int completed = 0;
        for (var e : events) {
            if (e.hasActivityTaskScheduledEventAttributes() && e.getActivityTaskScheduledEventAttributes()
                    .getActivityType().getName().equals(dev.mesa.workflows.activity.ActivityNames.RETRAIN)) {
                retrainScheduled.add(e.getEventId());
                if (retrainScheduled.size() == 3) {
                    completedBeforeLast = completed;
                }
            } else if (e.hasActivityTaskCompletedEventAttributes() && retrainScheduled.contains(
                    e.getActivityTaskCompletedEventAttributes().getScheduledEventId())) {
                completed++;
            }
        }
        assertEquals(3, retrainScheduled.size());
        assertEquals(2, completedBeforeLast, "the last retraining starts after the first two ended");
        assertEquals(List.of(10), detectionWide(), "of detection, only the continuation of class 0 alone");
    }

    @Test
    void stagesThatFillTheWorkersSlotsAndWorkersThatDoNotWidenKeepEveryUnitInItsSlot() {
        bed.defenseActivities.wideSlots = 2;
        bed.defense("four").run(Inputs.defense("four"));
        assertFalse(bed.defenseActivities.retrainRequests.stream().anyMatch(RetrainRequest::runsWide),
                "three β and the ensemble fill two slots twice");

        bed.defenseActivities.retrainRequests.clear();
        bed.defenseActivities.wideSlots = null;
        bed.defenseActivities.skippedBetas.add(0.9);
        bed.defense("not-widening").run(Inputs.defense("not-widening"));
        assertEquals(3, bed.defenseActivities.retrainRequests.size());
        assertFalse(bed.defenseActivities.retrainRequests.stream().anyMatch(RetrainRequest::runsWide),
                "a worker that reports no wideSlots: no unit is held back or widened");
    }

    @Test
    void aScanOfTenClassesOnThreeSlotsHoldsBackTheTenth() {
        bed.defenseActivities.wideSlots = 3;
        bed.defense("scan").run(Inputs.defenseWithoutTrigger("scan"));
        List<TrainGeneratorRequest> scans = generators(TrainGeneratorRequest.DETECTION).stream()
                .filter(TrainGeneratorRequest::stopsEarly).toList();
        assertEquals(10, scans.size());
        assertEquals(List.of(9), java.util.stream.IntStream.range(0, 10).filter(i -> scans.get(i).runsWide()).boxed()
                .toList(), "ten units on three slots: three waves of three, then the tenth alone");
    }

    private List<Integer> detectionWide() {
        List<TrainGeneratorRequest> detection = generators(TrainGeneratorRequest.DETECTION);
        return java.util.stream.IntStream.range(0, detection.size()).filter(i -> detection.get(i).runsWide()).boxed()
                .toList();
    }

    @Test
    void theMarkIsNotPartOfTheRequestsJsonUnlessSet() throws Exception {
        bed.defense("json").run(Inputs.defenseWithoutTrigger("json"));
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        List<TrainGeneratorRequest> detection = generators(TrainGeneratorRequest.DETECTION);
        assertFalse(mapper.writeValueAsString(detection.get(0)).contains("\"wide\""), "a scan's payload is unchanged");
        assertTrue(mapper.writeValueAsString(detection.get(10)).contains("\"wide\":true"));
        assertNull(detection.get(0).wide());
    }
}
