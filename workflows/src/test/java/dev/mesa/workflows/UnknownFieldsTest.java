package dev.mesa.workflows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.input.EditDistance;
import dev.mesa.workflows.input.UnknownFieldCheck;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inputs read with Temporal's own (lenient) JSON mapping keep their unknown fields, and the check names each by its
 * path with the closest declared name; what is kept is never written back.
 */
class UnknownFieldsTest {
    private final ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper();

    @Test
    void misspeltFieldsAreNamedByPathWithTheClosestDeclaredName() throws Exception {
        DefenseInput defense = mapper.readValue("{\"defenseId\": \"x\", \"trainingTaskQeue\": \"gpu\","
                + " \"mesa\": {\"betaz\": [0.5], \"epochz\": 3}, \"retrain\": {\"epochz\": 2}}", DefenseInput.class);

        assertEquals(List.of("unknown field `trainingTaskQeue` (did you mean `trainingTaskQueue`?)",
                "unknown field `mesa.betaz` (did you mean `betas`?)",
                "unknown field `mesa.epochz` (did you mean `epochs`?)",
                "unknown field `retrain.epochz` (did you mean `epochs`?)"), UnknownFieldCheck.findings(defense));
        assertNull(defense.trainingTaskQueue(), "the misspelt value reached no field");
    }

    @Test
    void listElementsAndSweepSettingsAreCheckedToo() throws Exception {
        SweepInput sweep = mapper.readValue("{\"sweepId\": \"s\", \"triggers\": [{\"kind\": \"bw\", \"id\": 1},"
                + " {\"kind\": \"bw\", \"id\": 2, \"sizee\": 4}], \"classifier\": {\"epochz\": 3},"
                + " \"dataset\": {\"kind\": \"synthetic\", \"imageSise\": 16}, \"attack\": {\"targetClas\": 1}}",
                SweepInput.class);

        assertEquals(List.of("unknown field `triggers[1].sizee` (did you mean `size`?)",
                "unknown field `dataset.imageSise` (did you mean `imageSize`?)",
                "unknown field `classifier.epochz` (did you mean `epochs`?)",
                "unknown field `attack.targetClas` (did you mean `targetClass`?)"), UnknownFieldCheck.findings(sweep));
    }

    @Test
    void aNameFarFromEveryFieldListsTheFieldsInstead() throws Exception {
        DatasetSpec spec = mapper.readValue("{\"kind\": \"synthetic\", \"colour\": \"red\"}", DatasetSpec.class);

        assertEquals(List.of("unknown field `colour` (the fields here are kind, path, syntheticClasses,"
                + " syntheticTrainPerClass, syntheticTestPerClass, imageSize, splitSeed, resize)"), UnknownFieldCheck.findings(spec));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UnknownFieldCheck.refuse(spec));
        assertTrue(e.getMessage().startsWith("unknown field `colour`"), e.getMessage());
    }

    @Test
    void keptFieldsAreNeverWrittenBackNorCarriedByDefaults() throws Exception {
        DefenseInput raw = mapper.readValue("{\"defenseId\": \"x\", \"tpyo\": 1, \"mesa\": {\"betaz\": [0.5]}}",
                DefenseInput.class);

        String written = mapper.writeValueAsString(raw);
        assertFalse(written.contains("tpyo") || written.contains("betaz") || written.contains("unknownFields"), written);
        assertEquals(List.of(), UnknownFieldCheck.findings(raw.withDefaults()));
        assertEquals(List.of(), UnknownFieldCheck.findings(Inputs.defense("built-in-code")));
    }

    @Test
    void aContinuedSweepInputWithItsCheckpointPassesTheCheck() throws Exception {
        SweepInput resolved = Inputs.sweep("s", Inputs.bw(170, 7), 1, 1).withDefaults().withClassCount(10).validate();
        TriggerResult finished = new TriggerResult("bw-170", Inputs.bw(170).get(0), 0, RunStatus.COMPLETED, null,
                "models/attacked", null, List.of(0), 0.95, 0.03, List.of(), "beta=0.9", null, List.of(), null, 5L);
        SweepInput next = resolved.withCheckpoint(new SweepCheckpoint("models/clean", 0.9, List.of(finished), 1));

        SweepInput read = mapper.readValue(mapper.writeValueAsBytes(next), SweepInput.class);
        assertEquals(List.of(), UnknownFieldCheck.findings(read));
        assertEquals(next, read);
    }

    @Test
    void editDistanceCountsSingleCharacterEdits() {
        assertEquals(3, EditDistance.between("kitten", "sitting"));
        assertEquals(1, EditDistance.between("trainingTaskQeue", "trainingTaskQueue"));
        assertEquals(0, EditDistance.between("", ""));
        assertEquals(4, EditDistance.between("", "size"));
        assertEquals("betas", EditDistance.closest("betaz", List.of("alpha", "betas", "epochs")));
        assertEquals("numClasses", EditDistance.closest("NUMCLASSES", List.of("numClasses", "seed")), "case is ignored");
        assertNull(EditDistance.closest("colour", List.of("kind", "path")));
    }
}
