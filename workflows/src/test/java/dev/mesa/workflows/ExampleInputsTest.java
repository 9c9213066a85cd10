package dev.mesa.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import org.junit.jupiter.api.Test;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example inputs parse with Temporal's own JSON mapper and validate; and every field name in them is a real
 * record component, so a typo there (which the lenient inputs would silently ignore) fails here.
 */
class ExampleInputsTest {
    private final ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper();

    @Test
    void defenseExampleParsesAndValidates() throws Exception {
        String json = ExampleInputs.read(ExampleInputs.DEFENSE);
        DefenseInput input = mapper.readValue(json, DefenseInput.class).withDefaults().validate();

        assertEquals("synthetic-demo", input.defenseId());
        assertEquals(List.of(0.5, 0.8, 0.9), input.mesa().betas());
        assertEquals(10, input.candidateClasses().size());
        assertEquals("bw-170", input.originalTrigger().label());
        assertFieldNamesExist(mapper.readTree(json), DefenseInput.class, "$");
    }

    @Test
    void torchScriptDefenseExampleParsesAndValidates() throws Exception {
        String json = ExampleInputs.read(ExampleInputs.TORCHSCRIPT);
        DefenseInput input = mapper.readValue(json, DefenseInput.class).withDefaults().validate();

        assertEquals("/models/suspect.pt", input.model().path());
        assertEquals(null, input.modelKey());
        assertEquals(32, input.dataset().imageSize());
        assertTrue(input.dataset().resizes(), "audit images of another size are resized to the model's input");
        assertEquals("cat", input.model().className(3));
        assertFieldNamesExist(mapper.readTree(json), DefenseInput.class, "$");
    }

    @Test
    void sweepExampleParsesAndValidates() throws Exception {
        String json = ExampleInputs.read(ExampleInputs.SWEEP);
        SweepInput input = mapper.readValue(json, SweepInput.class).withDefaults().validate();

        assertEquals(List.of("bw-170", "bw-7", "bw-186"),
                input.resolvedTriggers().stream().map(t -> t.label()).toList());
        assertEquals("compact", input.classifier().architecture());
        assertEquals(3, input.baselineRounds());
        assertFieldNamesExist(mapper.readTree(json), SweepInput.class, "$");
    }

    private static void assertFieldNamesExist(JsonNode node, Type type, String path) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (node.isArray() && List.class.isAssignableFrom(raw)) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            for (int i = 0; i < node.size(); i++) {
                assertFieldNamesExist(node.get(i), element, path + "[" + i + "]");
            }
            return;
        }
        if (!node.isObject() || !raw.isRecord()) {
            return;
        }
        List<RecordComponent> components = Arrays.asList(raw.getRecordComponents());
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            RecordComponent component = components.stream().filter(c -> c.getName().equals(name)).findFirst()
                    .orElse(null);
            assertTrue(component != null, path + "." + name + " is not a field of " + raw.getSimpleName());
            assertFieldNamesExist(node.get(name), component.getGenericType(), path + "." + name);
        }
    }
}
