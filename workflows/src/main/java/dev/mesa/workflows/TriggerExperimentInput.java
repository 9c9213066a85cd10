package dev.mesa.workflows;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mesa.workflows.activity.AttackSettings;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.RetrainSettings;
import dev.mesa.workflows.activity.TriggerSpec;

/**
 * Input of {@link TriggerExperimentWorkflow}, built by {@link SweepWorkflow} from its resolved, validated input.
 * {@code seed} is already the trigger's own seed ({@code derive(sweepSeed, TRIGGER, label.hashCode())}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TriggerExperimentInput(String sweepId, TriggerSpec trigger, String cleanModelKey, DatasetSpec dataset,
                                     int numClasses, AttackSettings attack, MesaSettings mesa, RetrainSettings retrain,
                                     int baselineRounds, long seed, int maxParallelActivities,
                                     String trainingTaskQueue) {}
