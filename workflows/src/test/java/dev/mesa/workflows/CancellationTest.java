package dev.mesa.workflows;

import dev.mesa.workflows.activity.InjectBackdoorRequest;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cancel while one unit is stuck: the workflow stops launching, closes as cancelled, and its {@code currentResult}
 * query still returns what finished. Real time (no time skipping), since an activity blocks.
 */
class CancellationTest {
    /**
     * How long a condition may take before the test fails: only ever waited in full by a broken run, so generous
     * enough for a machine busy with other builds (the conditions hold within seconds on an idle one).
     */
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private final WorkflowTestBed bed = new WorkflowTestBed(false);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        bed.close();
    }

    @Test
    void cancellingADefenseKeepsTheFinishedDetectionGenerators() throws Exception {
        bed.defenseActivities.hook = (activity, request) -> {
            if (activity.equals("TrainGenerator") && ((TrainGeneratorRequest) request).targetClass() == 5) {
                awaitRelease();
            }
        };
        DefenseWorkflow stub = bed.defense("cancel");
        WorkflowClient.start(stub::run, Inputs.withParallelism(Inputs.defense("cancel"), 10, null));
        waitFor(() -> stub.progress() != null && stub.progress().done() == 9);

        Progress midway = stub.progress();
        assertEquals("detection scan", midway.stage());
        assertEquals(1, midway.running());
        assertEquals("running", midway.units().get("scan class 5"));
        assertNotNull(midway.etaMillis(), "nine units finished, so there is an estimate");

        WorkflowStub.fromTyped(stub).cancel();
        assertClosedAsCancelled(WorkflowStub.fromTyped(stub));
        DefenseResult result = stub.currentResult();

        assertEquals(RunStatus.CANCELLED, result.status());
        assertEquals(9, result.detectionGenerators().size());
        assertNull(result.attackedClasses());
        assertTrue(result.choiceReason().contains("detection"), result.choiceReason());
        assertEquals(0, bed.defenseActivities.calls.count("DetectTargets"), "nothing launched after the cancellation");
        assertEquals(RunStatus.CANCELLED, stub.progress().stage());
    }

    @Test
    void cancellingASweepKeepsTheFinishedTriggersAndLaunchesNoMore() throws Exception {
        bed.model.hook = (activity, request) -> {
            if (activity.equals("InjectBackdoor") && ((InjectBackdoorRequest) request).trigger().id() == 7) {
                awaitRelease();
            }
        };
        SweepWorkflow stub = bed.sweep("cancel");
        WorkflowClient.start(stub::run, Inputs.sweep("cancel", Inputs.bw(170, 7, 186), null, 1));
        waitFor(() -> stub.progress() != null && "running".equals(stub.progress().units().get("bw-7"))
                && bed.model.calls.count("InjectBackdoor") == 2);

        WorkflowStub.fromTyped(stub).cancel();
        assertClosedAsCancelled(WorkflowStub.fromTyped(stub));
        SweepResult result = stub.currentResult();

        assertEquals(RunStatus.CANCELLED, result.status());
        assertEquals(RunStatus.COMPLETED, result.triggers().get(0).status());
        assertEquals("bw-170", result.triggers().get(0).label());
        List<String> labels = result.triggers().stream().map(TriggerResult::label).toList();
        assertFalse(labels.contains("bw-186"), "bw-186 must not have been started: " + labels);
        assertEquals(2, bed.model.calls.count("InjectBackdoor"));
        assertEquals("pending", stub.progress().units().get("bw-186"));
    }

    private static void assertClosedAsCancelled(WorkflowStub stub) {
        WorkflowFailedException e = assertThrows(WorkflowFailedException.class,
                () -> stub.getResult(PATIENCE.toSeconds(), TimeUnit.SECONDS, Object.class));
        assertInstanceOf(CanceledFailure.class, e.getCause());
    }

    private void awaitRelease() {
        try {
            release.await(2 * PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + PATIENCE);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
