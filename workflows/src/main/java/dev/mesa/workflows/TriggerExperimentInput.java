package dev.mesa.workflows;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mesa.workflows.activity.AttackSettings;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.RetrainSettings;
import dev.mesa.workflows.activity.ReverseTriggerRequest;
import dev.mesa.workflows.activity.TriggerSpec;
import dev.mesa.workflows.input.CapturesUnknownFields;

import java.util.List;
import java.util.Map;

/**
 * Input of {@link TriggerExperimentWorkflow}, built by {@link SweepWorkflow} from its resolved, validated input.
 * {@code seed} is already the trigger's own seed ({@code derive(sweepSeed, TRIGGER, label.hashCode())}).
 *
 * @param baselineProtocols the reversal protocols whose {@code baselineRounds} rounds are run
 *                          ({@link dev.mesa.workflows.activity.ReverseTriggerRequest#PROTOCOLS}); null: mesa's only,
 *                          as before the field existed
 * @param extraEnsembles    ensembles retrained beside the defence's uniform one (see {@link DefenseInput}); null: none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TriggerExperimentInput(String sweepId, TriggerSpec trigger, String cleanModelKey, DatasetSpec dataset,
                                     int numClasses, AttackSettings attack, MesaSettings mesa, RetrainSettings retrain,
                                     int baselineRounds, long seed, int maxParallelActivities,
                                     String trainingTaskQueue, List<String> baselineProtocols,
                                     List<String> extraEnsembles,
                                     @JsonAnySetter @JsonIgnore Map<String, Object> unknownFields)
        implements CapturesUnknownFields {

    public TriggerExperimentInput {
        unknownFields = CapturesUnknownFields.copyOf(unknownFields);
        baselineProtocols = baselineProtocols != null ? List.copyOf(baselineProtocols) : null;
        extraEnsembles = extraEnsembles != null ? List.copyOf(extraEnsembles) : null;
    }

    public TriggerExperimentInput(String sweepId, TriggerSpec trigger, String cleanModelKey, DatasetSpec dataset,
                                  int numClasses, AttackSettings attack, MesaSettings mesa, RetrainSettings retrain,
                                  int baselineRounds, long seed, int maxParallelActivities,
                                  String trainingTaskQueue) {
        this(sweepId, trigger, cleanModelKey, dataset, numClasses, attack, mesa, retrain, baselineRounds, seed,
                maxParallelActivities, trainingTaskQueue, null, null, Map.of());
    }

    /** The baseline protocols to run (mesa's alone when none are named). */
    public List<String> baselineProtocolsOrDefault() {
        return baselineProtocols != null ? baselineProtocols : List.of(ReverseTriggerRequest.MESA);
    }
}
