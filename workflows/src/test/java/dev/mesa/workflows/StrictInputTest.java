package dev.mesa.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesa.workflows.activity.AttackSettings;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.FailureTypes;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.RetrainSettings;
import dev.mesa.workflows.activity.TriggerSpec;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
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
 * field's path and the name it was probably meant to be, before any activity runs. Each input is complete otherwise,
 * so without the check the workflow would run (and the test fail) rather than stall.
 */
class StrictInputTest {
    private static final ObjectMapper MAPPER = JacksonJsonPayloadConverter.newDefaultObjectMapper();
    private final WorkflowTestBed bed = new WorkflowTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void aDefenseWithMisspeltKeysIsRefusedBeforeAnyActivity() {
        ApplicationFailure failure = failure("DefenseWorkflow", "defense/typos", "{\"defenseId\": \"typos\","
                + " \"modelKey\": \"m\", \"dataset\": {\"kind\": \"synthetic\"}, \"trainingTaskQeue\": \"gpu\","
                + " \"mesa\": {\"betaz\": [0.5], \"epochz\": 2}}");

        assertEquals(FailureTypes.INVALID_INPUT, failure.getType());
        assertEquals("invalid DefenseInput: unknown field `trainingTaskQeue` (did you mean `trainingTaskQueue`?);"
                + " unknown field `mesa.betaz` (did you mean `betas`?); unknown field `mesa.epochz` (did you mean"
                + " `epochs`?)", failure.getOriginalMessage());
        assertEquals(List.of(), bed.defenseActivities.calls.sequence());
    }

    @Test
    void aSweepWithAMisspeltNestedKeyIsRefusedBeforeAnyActivity() {
        ApplicationFailure failure = failure("SweepWorkflow", "sweep/typo", "{\"sweepId\": \"typo\", \"triggerSet\":"
                + " \"bw51\", \"dataset\": {\"kind\": \"synthetic\"}, \"classifier\": {\"epochz\": 3}}");

        assertEquals(FailureTypes.INVALID_INPUT, failure.getType());
        assertEquals("invalid SweepInput: unknown field `classifier.epochz` (did you mean `epochs`?)",
                failure.getOriginalMessage());
        assertEquals(List.of(), bed.model.calls.sequence());
        assertEquals(List.of(), bed.defenseActivities.calls.sequence());
    }

    @Test
    void aTriggerExperimentStartedByHandIsCheckedToo() throws Exception {
        TriggerExperimentInput valid = new TriggerExperimentInput("s", TriggerSpec.blackWhite(1), "models/clean",
                DatasetSpec.synthetic(), 10, AttackSettings.defaults(), MesaSettings.defaults(),
                RetrainSettings.defaults(), 1, 5L, 2, TaskQueues.DEFAULT);
        ObjectNode json = MAPPER.valueToTree(valid);
        json.put("maxParalelActivities", 8);
        ((ObjectNode) json.get("attack")).put("targetClas", 3);

        ApplicationFailure failure = failure("TriggerExperimentWorkflow", "s/trigger-bw-1", json.toString());

        assertEquals("invalid TriggerExperimentInput: unknown field `maxParalelActivities` (did you mean"
                + " `maxParallelActivities`?); unknown field `attack.targetClas` (did you mean `targetClass`?)",
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
