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
    void theMarkIsNotPartOfTheRequestsJsonUnlessSet() throws Exception {
        bed.defense("json").run(Inputs.defenseWithoutTrigger("json"));
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        List<TrainGeneratorRequest> detection = generators(TrainGeneratorRequest.DETECTION);
        assertFalse(mapper.writeValueAsString(detection.get(0)).contains("\"wide\""), "a scan's payload is unchanged");
        assertTrue(mapper.writeValueAsString(detection.get(10)).contains("\"wide\":true"));
        assertNull(detection.get(0).wide());
    }
}
