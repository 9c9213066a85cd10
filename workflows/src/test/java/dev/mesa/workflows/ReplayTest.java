package dev.mesa.workflows;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays the stored histories against the current workflow code: a change that would break running executions (a
 * different sequence of commands) fails here. Each folder holds the executions of one workflow version, which must
 * keep replaying: {@code histories/before-input-checks/} from before the input checks ({@code InputGate.INPUT_CHECKS}),
 * the search attributes ({@code MesaSearchAttributes.CHANGE_ID}), the detection scan and the audit
 * ({@code DefenseRun.DETECTION_SCAN}, {@code DefenseRun.AUDIT}); {@code histories/input-checks/} with the input checks
 * only; {@code histories/before-paper-measurement/} with those and the scan and audit, but before
 * {@code DefenseRun.PAPER_MEASUREMENT} (the generators' requests carry no {@code measurement}); {@code histories/}
 * recorded by {@link HistoryRecorderTest} with the current code (all of them; {@code paper-measurement} at version 2,
 * the one-pass measurement; {@code defense-wide-slots.json} on a worker that reports {@code wideSlots}, so its third
 * retraining was held back).
 */
class ReplayTest {
    @ParameterizedTest
    @ValueSource(strings = {"defense.json", "defense-no-attack.json", "sweep.json", "sweep-continue-as-new.json",
            "trigger-experiment.json", "before-input-checks/defense.json", "before-input-checks/defense-no-attack.json",
            "before-input-checks/sweep.json", "before-input-checks/sweep-continue-as-new.json",
            "before-input-checks/trigger-experiment.json", "input-checks/defense.json",
            "input-checks/defense-no-attack.json", "input-checks/sweep.json", "input-checks/sweep-continue-as-new.json",
            "input-checks/trigger-experiment.json", "defense-audit.json", "defense-full-traced.json",
            "defense-wide-slots.json",
            "before-paper-measurement/defense.json", "before-paper-measurement/defense-audit.json",
            "before-paper-measurement/defense-full-traced.json", "before-paper-measurement/defense-no-attack.json",
            "before-paper-measurement/sweep.json", "before-paper-measurement/sweep-continue-as-new.json",
            "before-paper-measurement/trigger-experiment.json"})
    void currentCodeReplaysTheStoredHistory(String file) throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + file, DefenseWorkflowImpl.class,
                SweepWorkflowImpl.class, TriggerExperimentWorkflowImpl.class);
    }
}
