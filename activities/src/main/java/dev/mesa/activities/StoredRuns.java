package dev.mesa.activities;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesa.activities.store.RunDirectory;
import dev.mesa.checkpoint.CorruptArtifactException;
import dev.mesa.workflows.activity.InjectBackdoorRequest;
import dev.mesa.workflows.activity.RetrainRequest;
import dev.mesa.workflows.activity.ReverseTriggerRequest;
import dev.mesa.workflows.activity.TrainClassifierRequest;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

/**
 * Runs the activity that produces a stored run again, from the request stored in its directory: how a damaged
 * input artifact is recomputed by the activity that needs it. Only artifacts that other activities read can be
 * recomputed this way (models, generators, reversed triggers).
 */
final class StoredRuns {
    private static final ObjectMapper MAPPER = JacksonJsonPayloadConverter.newDefaultObjectMapper();

    private StoredRuns() {}

    static void recompute(ActivityResources resources, RunDirectory run) {
        JsonNode request = run.request().canonical();
        switch (run.activity()) {
            case ClassifierTraining.ACTIVITY -> new ClassifierTraining(resources).run(read(run, request,
                    TrainClassifierRequest.class));
            case BackdoorInjection.ACTIVITY -> new BackdoorInjection(resources).run(read(run, request,
                    InjectBackdoorRequest.class));
            case GeneratorTraining.ACTIVITY -> new GeneratorTraining(resources).run(read(run, request,
                    TrainGeneratorRequest.class));
            case TriggerReversal.ACTIVITY -> new TriggerReversal(resources).run(read(run, request,
                    ReverseTriggerRequest.class));
            case BackdoorRemoval.ACTIVITY -> new BackdoorRemoval(resources).run(read(run, request, RetrainRequest.class));
            default -> throw new CorruptArtifactException(run.path(), "was made by " + run.activity()
                    + ", which is not recomputed from the store: run the workflow that makes it again");
        }
    }

    private static <T> T read(RunDirectory run, JsonNode request, Class<T> type) {
        try {
            return MAPPER.treeToValue(request, type);
        } catch (JsonProcessingException e) {
            throw new CorruptArtifactException(run.path(), "its stored request is not a " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }
}
