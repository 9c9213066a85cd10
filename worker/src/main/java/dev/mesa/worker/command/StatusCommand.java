package dev.mesa.worker.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesa.worker.runtime.TemporalConnection;
import dev.mesa.workflows.Progress;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowStub;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code mesa status ID}: an execution's state, its progress (stage, units, ETA) and, once closed, its result. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a workflow's status and progress (ID: defense/<defenseId>, sweep/<sweepId>, ...).")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "ID", description = "workflow id")
    String workflowId;

    @Override
    public Integer call() {
        try (TemporalConnection temporal = connection.openClient()) {
            WorkflowStub stub = temporal.client().newUntypedWorkflowStub(workflowId);
            WorkflowExecutionStatus status = stub.describe().getWorkflowExecutionInfo().getStatus();
            System.out.println(workflowId + ": " + status.name().replace("WORKFLOW_EXECUTION_STATUS_", "")
                    .toLowerCase(Locale.ROOT));
            Progress p = stub.query("progress", Progress.class);
            if (p != null) {
                System.out.printf(Locale.ROOT, "stage %s, %d/%d units done, %d running, elapsed %ds%s%n", p.stage(),
                        p.done(), p.total(), p.running(), p.elapsedMillis() / 1000,
                        p.etaMillis() != null ? ", ETA " + p.etaMillis() / 1000 + "s" : "");
                p.units().forEach((unit, state) -> System.out.println("  " + unit + ": " + state));
            }
            if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                System.out.println(stub.query("currentResult", JsonNode.class).toPrettyString());
            }
            return 0;
        }
    }
}
