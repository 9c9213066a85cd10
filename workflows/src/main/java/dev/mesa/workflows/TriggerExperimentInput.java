package dev.mesa.workflows;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mesa.workflows.activity.AttackSettings;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.RetrainSettings;
import dev.mesa.workflows.activity.TriggerSpec;
import dev.mesa.workflows.input.CapturesUnknownFields;

import java.util.Map;

/**
 * Input of {@link TriggerExperimentWorkflow}, built by {@link SweepWorkflow} from its resolved, validated input.
 * {@code seed} is already the trigger's own seed ({@code derive(sweepSeed, TRIGGER, label.hashCode())}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TriggerExperimentInput(String sweepId, TriggerSpec trigger, String cleanModelKey, DatasetSpec dataset,
                                     int numClasses, AttackSettings attack, MesaSettings mesa, RetrainSettings retrain,
                                     int baselineRounds, long seed, int maxParallelActivities,
                                     String trainingTaskQueue,
                                     @JsonAnySetter @JsonIgnore Map<String, Object> unknownFields)
        implements CapturesUnknownFields {

    public TriggerExperimentInput {
        unknownFields = CapturesUnknownFields.copyOf(unknownFields);
    }

    public TriggerExperimentInput(String sweepId, TriggerSpec trigger, String cleanModelKey, DatasetSpec dataset,
                                  int numClasses, AttackSettings attack, MesaSettings mesa, RetrainSettings retrain,
                                  int baselineRounds, long seed, int maxParallelActivities,
                                  String trainingTaskQueue) {
        this(sweepId, trigger, cleanModelKey, dataset, numClasses, attack, mesa, retrain, baselineRounds, seed,
                maxParallelActivities, trainingTaskQueue, Map.of());
    }
}
