package dev.mesa.workflows;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mesa.workflows.activity.EvaluationOutcome;

/**
 * One evaluated model.
 *
 * @param variant           {@code before}, {@code beta=0.9}, {@code ensemble}, {@code baseline-k0}, {@code ideal}
 * @param modelKey          the model evaluated
 * @param cleanAccuracy     accuracy on the evaluation split
 * @param attackSuccessRate ASR of the original trigger, null when it is unknown
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VariantEvaluation(String variant, String modelKey, double cleanAccuracy, Double attackSuccessRate) {
    static VariantEvaluation of(String variant, EvaluationOutcome outcome) {
        return new VariantEvaluation(variant, outcome.modelKey(), outcome.cleanAccuracy(), outcome.attackSuccessRate());
    }
}
