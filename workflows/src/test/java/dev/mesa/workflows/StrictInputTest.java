package dev.mesa.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesa.workflows.activity.FailureTypes;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A start by the Temporal CLI (type name, plain JSON) with misspelt keys fails at the input gate with every unknown
 * field's path and the name it was probably meant to be, before any activity runs.
 */
class StrictInputTest {
    private final WorkflowTestBed bed = new WorkflowTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void aDefenceWithMisspeltKeysIsRefusedBeforeAnyActivity() {
        ApplicationFailure failure = failure("DefenseWorkflow", "defense/typos", "{\"defenseId\": \"typos\","
                + " \"modelKey\": \"m\", \"dataset\": {\"kind\": \"synthetic\"}, \"trainingTaskQeue\": \"gpu\","
                + " \"mesa\": {\"betaz\": [0.5], \"epochz\": 2}}");

        assertEquals(FailureTypes.INVALID_INPUT, failure.getType());
        assertEquals("invalid DefenseInput: unknown field `trainingTaskQeue` (did you mean `trainingTaskQueue`?);"
                + " unknown field `mesa.betaz` (did you mean `betas`?); unknown field `mesa.epochz` (did you mean"
                + " `epochs`?)", failure.getOriginalMessage());
        assertEquals(List.of(), bed.defence.calls.sequence());
    }

    @Test
    void aSweepWithAMisspeltNestedKeyIsRefusedBeforeAnyActivity() {
        ApplicationFailure failure = failure("SweepWorkflow", "sweep/typo", "{\"sweepId\": \"typo\", \"triggerSet\":"
                + " \"bw51\", \"dataset\": {\"kind\": \"synthetic\"}, \"classifier\": {\"epochz\": 3}}");

        assertEquals(FailureTypes.INVALID_INPUT, failure.getType());
        assertEquals("invalid SweepInput: unknown field `classifier.epochz` (did you mean `epochs`?)",
                failure.getOriginalMessage());
        assertEquals(List.of(), bed.model.calls.sequence());
        assertEquals(List.of(), bed.defence.calls.sequence());
    }

    @Test
    void aTriggerExperimentStartedByHandIsCheckedToo() {
        ApplicationFailure failure = failure("TriggerExperimentWorkflow", "s/trigger-bw-1", "{\"sweepId\": \"s\","
                + " \"trigger\": {\"kind\": \"bw\", \"id\": 1}, \"cleanModelKey\": \"m\", \"numClasses\": 10,"
                + " \"atack\": {\"targetClass\": 0}}");

        assertEquals("invalid TriggerExperimentInput: unknown field `atack` (did you mean `attack`?)",
                failure.getOriginalMessage());
        assertEquals(List.of(), bed.model.calls.sequence());
    }

    private ApplicationFailure failure(String workflowType, String workflowId, String rawJson) {
        WorkflowStub stub = bed.client().newUntypedWorkflowStub(workflowType, WorkflowTestBed.options(workflowId));
        stub.start(StartByTypeNameTest.json(rawJson));
        WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> stub.getResult(JsonNode.class));
        return assertInstanceOf(ApplicationFailure.class, e.getCause());
    }
}
