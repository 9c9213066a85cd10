package dev.mesa.workflows;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mesa.workflows.activity.TriggerSpec;

import java.util.List;

/**
 * Output of {@link TriggerExperimentWorkflow}: one row of the paper's experiment. Kept compact (no per-class
 * tables) because a sweep carries 51 of them; the defence's full result is in its own report.
 *
 * @param label                 the trigger's label ({@code bw-170})
 * @param status                {@code completed}, {@code cancelled} or {@code failed}
 * @param error                 why it failed, null otherwise
 * @param attackedModelKey      the backdoored model
 * @param attacked              the backdoored model's clean accuracy and ASR
 * @param detectedClasses       what the defence's detection flagged
 * @param targetDetectionAsr    detection-generator ASR on the true target class
 * @param bestOtherDetectionAsr the highest detection-generator ASR among the other classes
 * @param defense               after-defence evaluations of the MESA variants ({@code beta=...}, {@code ensemble})
 * @param chosenVariant         the variant the defence chose
 * @param defenseReportKey      the defence's report
 * @param baseline              one evaluation per reversed-trigger round
 * @param ideal                 retrained with the original trigger
 * @param durationMillis        workflow time the experiment took
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TriggerResult(String label, TriggerSpec trigger, int targetClass, String status, String error,
                            String attackedModelKey, VariantEvaluation attacked, List<Integer> detectedClasses,
                            Double targetDetectionAsr, Double bestOtherDetectionAsr, List<VariantEvaluation> defense,
                            String chosenVariant, String defenseReportKey, List<VariantEvaluation> baseline,
                            VariantEvaluation ideal, long durationMillis) {

    static TriggerResult failed(TriggerSpec trigger, int targetClass, String error) {
        return new TriggerResult(trigger.label(), trigger, targetClass, RunStatus.FAILED, error, null, null, null, null,
                null, List.of(), null, null, List.of(), null, 0);
    }
}
