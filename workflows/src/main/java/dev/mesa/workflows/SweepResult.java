package dev.mesa.workflows;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mesa.workflows.activity.ReportArtifact;

import java.util.List;

/**
 * Output of {@link SweepWorkflow}.
 *
 * @param status        {@code completed} or {@code cancelled}
 * @param cleanModelKey the clean model the triggers attacked
 * @param cleanAccuracy its accuracy when the sweep trained it, null when given
 * @param triggers      one result per trigger, in trigger-set order (finished ones only when cancelled)
 * @param summary       the headline table over the completed triggers
 * @param report        the sweep's report, null if cancelled
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SweepResult(String sweepId, String status, String cleanModelKey, Double cleanAccuracy,
                          List<TriggerResult> triggers, List<MethodSummary> summary, ReportArtifact report) {}
