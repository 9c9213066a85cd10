package dev.mesa.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.mesa.workflows.activity.FailureTypes;
import io.temporal.api.common.v1.Payload;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.common.converter.RawValue;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts the workflows as {@code temporal workflow start --type DefenseWorkflow --input '{...}'} does: by type
 * name, with the raw JSON bytes as the payload, and reads the result as JSON, checking the field names users see.
 */
class StartByTypeNameTest {
    private final WorkflowTestBed bed = new WorkflowTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void defenseExampleRunsFromItsRawJson() {
        JsonNode result = start("DefenseWorkflow", "defense/synthetic-demo", ExampleInputs.read(ExampleInputs.DEFENSE));

        assertEquals("completed", result.get("status").asText());
        assertEquals("[0]", result.get("attackedClasses").toString());
        assertEquals("beta=0.9", result.get("chosenVariant").asText());
        assertTrue(result.get("chosenModelKey").asText().endsWith("/repaired-beta=0.9"));
        assertEquals(5, result.get("evaluations").size());
        assertTrue(result.get("evaluations").get(0).has("attackSuccessRate"));
        assertEquals(10, result.get("detection").size());
        assertTrue(result.get("report").has("markdownPath"));
    }

    @Test
    void sweepExampleRunsFromItsRawJson() {
        JsonNode result = start("SweepWorkflow", "sweep/bw3-synthetic", ExampleInputs.read(ExampleInputs.SWEEP));

        assertEquals("completed", result.get("status").asText());
        assertEquals(3, result.get("triggers").size());
        assertEquals("bw-186", result.get("triggers").get(2).get("label").asText());
        assertEquals(3, result.get("triggers").get(0).get("baseline").size());
        assertTrue(result.get("summary").toString().contains("\"method\":\"mesa chosen\""));
    }

    @Test
    void aMinimalHandWrittenInputTakesTheDefaults() {
        JsonNode result = start("DefenseWorkflow", "defense/minimal",
                "{\"defenseId\": \"minimal\", \"modelKey\": \"/models/suspect.pt\", \"dataset\": {\"kind\": \"cifar10\"}}");

        assertEquals("completed", result.get("status").asText());
        assertEquals("ensemble", result.get("chosenVariant").asText(), "no original trigger: the ensemble");
        assertEquals(List.of(0.5, 0.8, 0.9), bed.defenseActivities.generatorRequests.get(0).settings().betas());
        assertEquals(32, bed.defenseActivities.generatorRequests.get(0).dataset().imageSize());
    }

    @Test
    void aMistypedValueFailsWithAMessageSayingWhatIsAllowed() {
        WorkflowStub stub = bed.client().newUntypedWorkflowStub("DefenseWorkflow", WorkflowTestBed.options("defense/typo"));
        stub.start(json("{\"defenseId\": \"typo\", \"modelKey\": \"m\", \"dataset\": {\"kind\": \"cifar-10\"}}"));
        WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> stub.getResult(JsonNode.class));

        ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
        assertEquals(FailureTypes.INVALID_INPUT, cause.getType());
        assertTrue(cause.getOriginalMessage().contains("dataset.kind must be one of [cifar10, cifar100, image-folder,"
                + " synthetic], got cifar-10"), cause.getOriginalMessage());
    }

    private JsonNode start(String workflowType, String workflowId, String rawJson) {
        WorkflowStub stub = bed.client().newUntypedWorkflowStub(workflowType, WorkflowTestBed.options(workflowId));
        stub.start(json(rawJson));
        return stub.getResult(JsonNode.class);
    }

    /** The payload the Temporal CLI sends for {@code --input '<json>'}: the bytes as they are, encoding json/plain. */
    static RawValue json(String rawJson) {
        return new RawValue(Payload.newBuilder()
                .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, ByteString.copyFromUtf8("json/plain"))
                .setData(ByteString.copyFromUtf8(rawJson)).build());
    }
}
