package dev.mesa.workflows;

import dev.mesa.workflows.activity.FailureTypes;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DefenseFailureTest {
    private final WorkflowTestBed bed = new WorkflowTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void aTransientActivityFailureIsRetriedAndTheDefenseCompletes() {
        AtomicBoolean failed = new AtomicBoolean();
        bed.defenseActivities.hook = (activity, request) -> {
            if (activity.equals("TrainGenerator") && ((TrainGeneratorRequest) request).targetClass() == 3
                    && failed.compareAndSet(false, true)) {
                throw ApplicationFailure.newFailure("worker lost its device", "DeviceLost");
            }
        };
        DefenseResult result = bed.defense("transient").run(Inputs.defense("transient"));

        assertEquals(RunStatus.COMPLETED, result.status());
        assertEquals(13 + 1, bed.defenseActivities.calls.count("TrainGenerator"),
                "10 scans, 1 continuation, 2 staircase, 1 retry");
    }

    @Test
    void aNonRetryableInvalidInputFailsTheWorkflowAtOnceWithTheActivityMessage() {
        bed.defenseActivities.hook = (activity, request) -> {
            if (activity.equals("TrainGenerator")) {
                throw ApplicationFailure.newNonRetryableFailure("dataset.path /nope does not exist: point it at a"
                        + " CIFAR-10 copy", FailureTypes.INVALID_INPUT);
            }
        };
        DefenseInput input = Inputs.withParallelism(Inputs.defense("invalid"), 1, null);
        WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> bed.defense("invalid").run(input));

        ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class,
                assertInstanceOf(ActivityFailure.class, e.getCause()).getCause());
        assertEquals(FailureTypes.INVALID_INPUT, cause.getType());
        assertTrue(cause.getOriginalMessage().contains("/nope does not exist"), cause.getOriginalMessage());
        assertEquals(1, bed.defenseActivities.calls.count("TrainGenerator"), "no retry, and no further unit launched");
    }

    @Test
    void failureTypesOnTheDoNotRetryListAreNotRetriedEvenWhenThrownRetryable() {
        bed.defenseActivities.hook = (activity, request) -> {
            if (activity.equals("Evaluate")) {
                throw ApplicationFailure.newFailure("checksum mismatch in models/suspect", FailureTypes.CORRUPT_ARTIFACT);
            }
        };
        assertThrows(WorkflowFailedException.class, () -> bed.defense("corrupt")
                .run(Inputs.withParallelism(Inputs.defense("corrupt"), 1, null)));
        assertEquals(1, bed.defenseActivities.calls.count("Evaluate"));
    }

    @Test
    void anInvalidWorkflowInputFailsBeforeAnyActivityWithAMessageNamingTheField() {
        MesaSettings badBeta = new MesaSettings(List.of(0.5, 1.5), null, null, null, null, null, null, null, null,
                null, null, null, null);
        DefenseInput input = Inputs.withMesa(Inputs.defense("badbeta"), badBeta);
        WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> bed.defense("badbeta").run(input));

        ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
        assertEquals(FailureTypes.INVALID_INPUT, cause.getType());
        assertTrue(cause.getOriginalMessage().contains("mesa.betas[*] must lie strictly between 0 and 1, got 1.5"),
                cause.getOriginalMessage());
        assertEquals(0, bed.defenseActivities.calls.count("TrainGenerator"));
    }
}
