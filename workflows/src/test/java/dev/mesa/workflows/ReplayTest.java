package dev.mesa.workflows;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays the stored histories (recorded by {@link HistoryRecorderTest}) against the current workflow code: a change
 * that would break running executions (a different sequence of commands) fails here.
 */
class ReplayTest {
    @ParameterizedTest
    @ValueSource(strings = {"defense.json", "defense-no-attack.json", "sweep.json", "sweep-continue-as-new.json",
            "trigger-experiment.json"})
    void currentCodeReplaysTheStoredHistory(String file) throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + file, DefenseWorkflowImpl.class,
                SweepWorkflowImpl.class, TriggerExperimentWorkflowImpl.class);
    }
}
