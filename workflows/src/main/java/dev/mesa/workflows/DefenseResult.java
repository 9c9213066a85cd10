package dev.mesa.workflows;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mesa.workflows.activity.ClassScore;
import dev.mesa.workflows.activity.DetectionOutcome;
import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.ReportArtifact;

import java.util.List;
import java.util.Map;

/**
 * Output of {@link DefenseWorkflow}.
 *
 * @param defenseId           the input's id
 * @param status              {@code completed}, {@code no-attack} or {@code cancelled} ({@link RunStatus})
 * @param attackedClasses     classes the detection rule flagged (null if cancelled before the rule ran)
 * @param detection           the per-class detection table
 * @param detectionGenerators the per-class detection generators (β = detectionBeta)
 * @param generators          the staircase generators of the attacked classes, by class then β
 * @param evaluations         {@code before} and every repaired variant
 * @param chosenVariant       the variant recommended, null when nothing was repaired
 * @param chosenModelKey      its model, null when nothing was repaired
 * @param choiceReason        why that variant (or why none)
 * @param report              the written report, null if cancelled
 * @param scan                the detection scan's table and the classes it continued (null when detection did not
 *                            scan)
 * @param stageMillis         workflow time spent in each stage ({@code detection scan}, {@code detection},
 *                            {@code staircase}, {@code retraining}, {@code evaluation} ...), in the order they began
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DefenseResult(String defenseId, String status, List<Integer> attackedClasses, List<ClassScore> detection,
                            List<GeneratorArtifact> detectionGenerators, List<GeneratorArtifact> generators,
                            List<VariantEvaluation> evaluations, String chosenVariant, String chosenModelKey,
                            String choiceReason, ReportArtifact report, DetectionOutcome scan,
                            Map<String, Long> stageMillis) {
    public DefenseResult {
        stageMillis = stageMillis != null ? java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stageMillis))
                : Map.of();
    }

    public DefenseResult(String defenseId, String status, List<Integer> attackedClasses, List<ClassScore> detection,
                         List<GeneratorArtifact> detectionGenerators, List<GeneratorArtifact> generators,
                         List<VariantEvaluation> evaluations, String chosenVariant, String chosenModelKey,
                         String choiceReason, ReportArtifact report) {
        this(defenseId, status, attackedClasses, detection, detectionGenerators, generators, evaluations, chosenVariant,
                chosenModelKey, choiceReason, report, null, null);
    }
}
