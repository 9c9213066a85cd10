package dev.mesa.workflows;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mesa.workflows.activity.EvaluationOutcome;
import dev.mesa.workflows.activity.SampledTriggerAsr;

import java.util.List;

/**
 * One evaluated model.
 *
 * @param variant           {@code before}, {@code beta=0.9}, {@code ensemble}, {@code baseline-k0}, {@code ideal}
 * @param modelKey          the model evaluated
 * @param cleanAccuracy     accuracy on the evaluation split
 * @param attackSuccessRate ASR of the original trigger, null when it is unknown
 * @param sampledTriggerAsr an audit's evidence: the ASR of triggers sampled from each attacked class's generators;
 *                          empty when not measured
 * @param defenseEffectiveness the defence effectiveness rate against the model before the defence (DER, computed by
 *                          the evaluate activity); null for the model before the defence, when the ASR is unknown, and
 *                          in results recorded before it existed. Its JSON name stays {@code defenceEffectiveness}, the
 *                          name it was released with (histories and stored results carry it)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VariantEvaluation(String variant, String modelKey, double cleanAccuracy, Double attackSuccessRate,
                                List<SampledTriggerAsr> sampledTriggerAsr,
                                @JsonProperty("defenceEffectiveness") Double defenseEffectiveness) {
    public VariantEvaluation {
        sampledTriggerAsr = sampledTriggerAsr != null ? List.copyOf(sampledTriggerAsr) : List.of();
    }

    public VariantEvaluation(String variant, String modelKey, double cleanAccuracy, Double attackSuccessRate,
                             List<SampledTriggerAsr> sampledTriggerAsr) {
        this(variant, modelKey, cleanAccuracy, attackSuccessRate, sampledTriggerAsr, null);
    }

    public VariantEvaluation(String variant, String modelKey, double cleanAccuracy, Double attackSuccessRate) {
        this(variant, modelKey, cleanAccuracy, attackSuccessRate, null, null);
    }

    static VariantEvaluation of(String variant, EvaluationOutcome outcome) {
        return new VariantEvaluation(variant, outcome.modelKey(), outcome.cleanAccuracy(), outcome.attackSuccessRate(),
                outcome.sampledTriggerAsr(), outcome.defenseEffectiveness());
    }
}
