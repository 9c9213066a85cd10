package dev.mesa.workflows;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays the stored histories (recorded by {@link HistoryRecorderTest}) against the current workflow code: a change
 * that would break running executions (a different sequence of commands) fails here. The plain files were recorded
 * before the search attributes existed (their executions replay without the updates, through
 * {@code Workflow.getVersion}); the {@code search-attributes-} files were recorded with them.
 */
class ReplayTest {
    @ParameterizedTest
    @ValueSource(strings = {"defense.json", "defense-no-attack.json", "sweep.json", "sweep-continue-as-new.json",
            "trigger-experiment.json", "search-attributes-defense.json", "search-attributes-defense-no-attack.json",
            "search-attributes-sweep.json", "search-attributes-sweep-continue-as-new.json",
            "search-attributes-trigger-experiment.json"})
    void currentCodeReplaysTheStoredHistory(String file) throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource("histories/" + file, DefenseWorkflowImpl.class,
                SweepWorkflowImpl.class, TriggerExperimentWorkflowImpl.class);
    }
}
