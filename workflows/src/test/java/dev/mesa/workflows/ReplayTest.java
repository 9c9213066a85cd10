package dev.mesa.workflows;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays the stored histories against the current workflow code: a change that would break running executions (a
 * different sequence of commands) fails here. {@code histories/before-input-checks/} holds executions started before
 * the input checks ({@code InputGate.INPUT_CHECKS}), which must replay without them; {@code histories/} holds
 * executions recorded before the detection scan and the audit ({@code DefenseRun.DETECTION_SCAN},
 * {@code DefenseRun.AUDIT}), and {@code histories/detection-scan-and-audit/} executions with them, all recorded by
 * {@link HistoryRecorderTest}.
 */
class ReplayTest {
    @ParameterizedTest
    @ValueSource(strings = {"defense.json", "defense-no-attack.json", "sweep.json", "sweep-continue-as-new.json",
            "trigger-experiment.json", "before-input-checks/defense.json", "before-input-checks/defense-no-attack.json",
            "before-input-checks/sweep.json", "before-input-checks/sweep-continue-as-new.json",
            "before-input-checks/trigger-experiment.json", "detection-scan-and-audit/defense-scan.json",
            "detection-scan-and-audit/defense-audit.json", "detection-scan-and-audit/defense-full-traced.json",
            "detection-scan-and-audit/defense-audit-no-attack.json"})
    void currentCodeReplaysTheStoredHistory(String file) throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + file, DefenseWorkflowImpl.class,
                SweepWorkflowImpl.class, TriggerExperimentWorkflowImpl.class);
    }
}
