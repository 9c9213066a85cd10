package dev.mesa.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesa.workflows.activity.EvaluationOutcome;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JSON names that histories and stored results hold stay as released when the Java name changes: the DER
 * component is {@code defenseEffectiveness} in Java but {@code defenceEffectiveness} on the wire (issue 15). Both
 * records ignore unknown fields, so a changed name would not fail a read: it would drop the rate without a word.
 */
class JsonNamesTest {
    private final ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper();

    @Test
    void anEvaluationOutcomeWritesAndReadsItsRateUnderTheReleasedJsonName() throws Exception {
        EvaluationOutcome outcome = new EvaluationOutcome("models/m", 0.9, 0.02, List.of(0.9), List.of())
                .withDefenseEffectiveness(0.97);

        JsonNode written = mapper.valueToTree(outcome);
        assertEquals(0.97, written.get("defenceEffectiveness").asDouble(), written.toString());
        assertFalse(written.has("defenseEffectiveness"), written.toString());
        EvaluationOutcome stored = mapper.readValue("{\"modelKey\": \"models/m\", \"cleanAccuracy\": 0.9,"
                + " \"attackSuccessRate\": 0.02, \"perClassAccuracy\": [0.9], \"sampledTriggerAsr\": [],"
                + " \"defenceEffectiveness\": 0.97}", EvaluationOutcome.class);
        assertEquals(outcome, stored);
        assertEquals(outcome, mapper.treeToValue(written, EvaluationOutcome.class));
    }

    @Test
    void aVariantEvaluationWritesAndReadsItsRateUnderTheReleasedJsonName() throws Exception {
        VariantEvaluation variant = new VariantEvaluation("beta=0.9", "models/m/repaired-beta=0.9", 0.89, 0.03,
                List.of(), 0.965);

        JsonNode written = mapper.valueToTree(variant);
        assertEquals(0.965, written.get("defenceEffectiveness").asDouble(), written.toString());
        assertFalse(written.has("defenseEffectiveness"), written.toString());
        VariantEvaluation stored = mapper.readValue("{\"variant\": \"beta=0.9\","
                + " \"modelKey\": \"models/m/repaired-beta=0.9\", \"cleanAccuracy\": 0.89, \"attackSuccessRate\": 0.03,"
                + " \"sampledTriggerAsr\": [], \"defenceEffectiveness\": 0.965}", VariantEvaluation.class);
        assertEquals(variant, stored);
        assertTrue(mapper.writeValueAsString(VariantEvaluation.of("beta=0.9",
                new EvaluationOutcome("models/m", 0.9, 0.02, List.of(0.9), List.of()).withDefenseEffectiveness(0.5)))
                .contains("\"defenceEffectiveness\":0.5"));
    }
}
