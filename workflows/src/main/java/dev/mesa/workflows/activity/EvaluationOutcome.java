package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A model measured on the evaluation split.
 *
 * @param modelKey          the model evaluated
 * @param cleanAccuracy     accuracy on clean images, in [0, 1]
 * @param attackSuccessRate ASR of the requested trigger (non-target images classified as the target once
 *                          stamped), null when no trigger was given
 * @param perClassAccuracy  clean accuracy per class, by class index
 * @param sampledTriggerAsr the ASR of each requested {@link SampledTriggers}, in request order; empty when none
 * @param defenseEffectiveness the defence effectiveness rate (BackdoorBench's DER: 1 perfect, 0.5 no change) against
 *                          the request's reference model; null without a reference, without a trigger, or in results
 *                          recorded before it existed. Its JSON name stays {@code defenceEffectiveness}, the
 *                          name it was released with (histories and stored results carry it)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluationOutcome(String modelKey, double cleanAccuracy, Double attackSuccessRate,
                                List<Double> perClassAccuracy, List<SampledTriggerAsr> sampledTriggerAsr,
                                @JsonProperty("defenceEffectiveness") Double defenseEffectiveness) {
    public EvaluationOutcome {
        sampledTriggerAsr = sampledTriggerAsr != null ? List.copyOf(sampledTriggerAsr) : List.of();
    }

    /** An outcome without a defence effectiveness rate. */
    public EvaluationOutcome(String modelKey, double cleanAccuracy, Double attackSuccessRate,
                             List<Double> perClassAccuracy, List<SampledTriggerAsr> sampledTriggerAsr) {
        this(modelKey, cleanAccuracy, attackSuccessRate, perClassAccuracy, sampledTriggerAsr, null);
    }

    /** An outcome without sampled triggers. */
    public EvaluationOutcome(String modelKey, double cleanAccuracy, Double attackSuccessRate,
                             List<Double> perClassAccuracy) {
        this(modelKey, cleanAccuracy, attackSuccessRate, perClassAccuracy, null, null);
    }

    /** This outcome with its defence effectiveness rate. */
    public EvaluationOutcome withDefenseEffectiveness(Double rate) {
        return new EvaluationOutcome(modelKey, cleanAccuracy, attackSuccessRate, perClassAccuracy, sampledTriggerAsr,
                rate);
    }
}
