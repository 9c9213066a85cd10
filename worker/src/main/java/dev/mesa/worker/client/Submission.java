package dev.mesa.worker.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesa.workflows.DefenseInput;
import dev.mesa.workflows.SweepInput;
import dev.mesa.workflows.WorkflowIds;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A workflow to start: its type, its id (derived from the input, so resubmitting addresses the same execution) and
 * its input, read from a JSON file and checked before anything is sent (defaults filled, validated).
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
        try {
            return switch (resolved) {
                case DEFENSE -> defense(MAPPER.treeToValue(json, DefenseInput.class));
                case SWEEP -> sweep(MAPPER.treeToValue(json, SweepInput.class));
                default -> throw new IllegalArgumentException("--type must be DefenseWorkflow or SweepWorkflow, got "
                        + resolved);
            };
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a valid " + resolved + " input: " + e.getMessage(), e);
        }
    }

    public static Submission defense(DefenseInput input) {
        input.withDefaults().validate();
        return new Submission(DEFENSE, WorkflowIds.defense(input.defenseId()), input);
    }

    public static Submission sweep(SweepInput input) {
        input.withDefaults().validate();
        return new Submission(SWEEP, WorkflowIds.sweep(input.sweepId()), input);
    }
}
