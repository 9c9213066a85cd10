package dev.mesa.workflows;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records the histories in {@code histories/} that {@link ReplayTest} replays. Run it after a change guarded by
 * {@code Workflow.getVersion}, once the histories of the previous code are kept in a folder of their own (as
 * {@code histories/before-input-checks/} and {@code histories/input-checks/} keep those of earlier versions), or
 * when a workflow change is deliberately incompatible and no released history exists:
 * {@code mvn -pl workflows verify -Dtest=HistoryRecorderTest -Dmesa.recordHistories=true}.
 *
 */
@EnabledIfSystemProperty(named = "mesa.recordHistories", matches = "true")
class HistoryRecorderTest {
    static final Path DIRECTORY = Path.of("src/test/resources/histories");

    @Test
    void recordOneHistoryPerWorkflowTypeAndPath() throws IOException {
        Files.createDirectories(DIRECTORY);
        try (WorkflowTestBed bed = new WorkflowTestBed()) {
            bed.defense("replay").run(Inputs.defense("replay"));
            write(bed, "defense.json", WorkflowIds.defense("replay"), null);

            bed.defense("replay-audit").run(Inputs.defenseWithoutTrigger("replay-audit"));
            write(bed, "defense-audit.json", WorkflowIds.defense("replay-audit"), null);

            bed.defense("replay-full").run(Inputs.withMesa(Inputs.defense("replay-full"),
                    dev.mesa.workflows.activity.MesaSettings.defaults().withDetection("full").withTraceDetection(true)));
            write(bed, "defense-full-traced.json", WorkflowIds.defense("replay-full"), null);

            // a worker that widens units, with β = 0.9 skipped: the third retraining is held back and runs wide
            bed.defenseActivities.wideSlots = 2;
            bed.defenseActivities.skippedBetas.add(0.9);
            bed.defense("replay-wide").run(Inputs.defense("replay-wide"));
            write(bed, "defense-wide-slots.json", WorkflowIds.defense("replay-wide"), null);
            bed.defenseActivities.wideSlots = null;
            bed.defenseActivities.skippedBetas.clear();

            bed.defenseActivities.attackedClasses.clear();
            bed.defense("replay-clean").run(Inputs.defenseWithoutTrigger("replay-clean"));
            write(bed, "defense-no-attack.json", WorkflowIds.defense("replay-clean"), null);
            bed.defenseActivities.attackedClasses.add(0);

            bed.sweep("replay").run(Inputs.sweep("replay", Inputs.bw(170, 7), null, 2));
            write(bed, "sweep.json", WorkflowIds.sweep("replay"), null);
            write(bed, "trigger-experiment.json", "replay/trigger-bw-170", null);

            SweepWorkflow chunked = bed.sweep("replay-chunked");
            WorkflowExecution first = WorkflowClient.start(chunked::run,
                    Inputs.sweep("replay-chunked", Inputs.bw(170, 7), 1, 1));
            WorkflowStub.fromTyped(chunked).getResult(SweepResult.class);
            write(bed, "sweep-continue-as-new.json", first.getWorkflowId(), first.getRunId());
        }
    }

    private static void write(WorkflowTestBed bed, String file, String workflowId, String runId) throws IOException {
        var history = runId == null ? bed.client().fetchHistory(workflowId) : bed.client().fetchHistory(workflowId, runId);
        // a replay test needs a run that ended well: completed, or handed over to its next run
        EventType last = history.getLastEvent().getEventType();
        assertTrue(last == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED
                || last == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, file + " ends with " + last);
        Files.writeString(DIRECTORY.resolve(file), history.toJson(true));
    }
}
