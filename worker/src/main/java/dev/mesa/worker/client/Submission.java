package dev.mesa.worker.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesa.workflows.DataDescribedInput;
import dev.mesa.workflows.DefenseInput;
import dev.mesa.workflows.SweepInput;
import dev.mesa.workflows.WorkflowIds;
import dev.mesa.workflows.input.UnknownFieldCheck;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A workflow to start: its type, its id (derived from the input, so resubmitting addresses the same execution) and
 * its input, read from a JSON file and checked before anything is sent as the workflow's input gate will check it:
 * unknown fields refused, defaults filled, validated, and the class count checked against the dataset and model
 * when this machine can read them ({@link LocalInputs}).
 */
public record Submission(String workflowType, String workflowId, Object input) {
    public static final String DEFENSE = "DefenseWorkflow";
    public static final String SWEEP = "SweepWorkflow";
    private static final ObjectMapper MAPPER = JacksonJsonPayloadConverter.newDefaultObjectMapper();

    /** Reads {@code file}; {@code type} null means: a {@code defenseId} makes a defence, a {@code sweepId} a sweep. */
    public static Submission read(Path file, String type) {
        JsonNode json;
        try {
            json = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " as JSON: " + e.getMessage(), e);
        }
        String resolved = type != null ? type : json.has("defenseId") ? DEFENSE : json.has("sweepId") ? SWEEP : null;
        if (resolved == null) {
            throw new IllegalArgumentException(file + " has neither defenseId nor sweepId: pass --type DefenseWorkflow"
                    + " or --type SweepWorkflow");
        }
        if (!List.of(DEFENSE, SWEEP).contains(resolved)) {
            throw new IllegalArgumentException("--type must be DefenseWorkflow or SweepWorkflow, got " + resolved);
        }
        try {
            return resolved.equals(DEFENSE) ? defense(MAPPER.treeToValue(json, DefenseInput.class))
                    : sweep(MAPPER.treeToValue(json, SweepInput.class));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a valid " + resolved + " input: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static Submission defense(DefenseInput input) {
        check(input);
        return new Submission(DEFENSE, WorkflowIds.defense(input.defenseId()), input);
    }

    public static Submission sweep(SweepInput input) {
        check(input);
        return new Submission(SWEEP, WorkflowIds.sweep(input.sweepId()), input);
    }

    /** What the workflow's input gate checks, with the data described here instead of on a worker when possible. */
    private static <T extends DataDescribedInput<T>> void check(T input) {
        UnknownFieldCheck.refuse(input);
        T settled = input.withDefaults().validate();
        LocalInputs.describe(settled.dataset(), settled.modelKey(), settled.model()).ifPresent(
                facts -> settled.withClassCount(facts.agreedClassCount(settled.numClasses())).validate());
    }
}
