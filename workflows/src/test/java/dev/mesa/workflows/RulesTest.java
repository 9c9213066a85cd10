package dev.mesa.workflows;

import dev.mesa.workflows.SeedRule.Stream;
import dev.mesa.workflows.activity.FailureTypes;
import dev.mesa.workflows.activity.TriggerSpec;
import io.temporal.activity.ActivityOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The small rules every workflow relies on: seeds, ids, activity options. */
class RulesTest {
    @Test
    void derivedSeedsAreStableAndDoNotCollideAcrossStreamsAndIndices() {
        assertEquals(SeedRule.derive(7, Stream.DETECTION, 3), SeedRule.derive(7, Stream.DETECTION, 3));
        Set<Long> seeds = new HashSet<>();
        for (Stream stream : Stream.values()) {
            for (long index = -1; index < 2000; index++) {
                seeds.add(SeedRule.derive(42, stream, index));
            }
        }
        assertEquals(Stream.values().length * 2001, seeds.size());
        // pinned: seeds are part of artifact identities, so changing the rule must be a deliberate act
        assertEquals(5197578548964807871L, SeedRule.derive(0, Stream.CLASSIFIER, 0));
        assertEquals(3165862622531782279L, SeedRule.derive(7, Stream.DETECTION, 3));
    }

    @Test
    void workflowIdsFollowTheDocumentedScheme() {
        TriggerSpec t = TriggerSpec.blackWhite(170);
        assertEquals("defense/demo", WorkflowIds.defense("demo"));
        assertEquals("sweep/paper", WorkflowIds.sweep("paper"));
        assertEquals("paper/trigger-bw-170", WorkflowIds.triggerExperiment("paper", t));
        assertEquals("paper/trigger-bw-170/defense", WorkflowIds.triggerDefense("paper", t));
        WorkflowIds.requireValid("id", "paper/trigger-bw-170");
        for (String bad : List.of("", "/abs", "a/../b", "a b", "a//b", "..")) {
            assertThrows(IllegalArgumentException.class, () -> WorkflowIds.requireValid("id", bad), bad);
        }
    }

    @Test
    void trainingOptionsHeartbeatAndNoOptionRetriesThePermanentFailures() {
        for (ActivityOptions o : List.of(ActivityOptionsCatalog.CLASSIFIER_TRAINING, ActivityOptionsCatalog.BACKDOOR_INJECTION,
                ActivityOptionsCatalog.GENERATOR_TRAINING, ActivityOptionsCatalog.TRIGGER_REVERSAL,
                ActivityOptionsCatalog.RETRAINING, ActivityOptionsCatalog.EVALUATION)) {
            assertEquals(Duration.ofMinutes(2), o.getHeartbeatTimeout());
        }
        for (ActivityOptions o : List.of(ActivityOptionsCatalog.GENERATOR_TRAINING, ActivityOptionsCatalog.EVALUATION,
                ActivityOptionsCatalog.DETECTION_RULE, ActivityOptionsCatalog.REPORT_WRITING)) {
            // training: 5 attempts; short activities 10, so they ride out a full store as long as training does
            assertEquals(o == ActivityOptionsCatalog.GENERATOR_TRAINING ? 5 : 10, o.getRetryOptions().getMaximumAttempts());
            assertEquals(Set.copyOf(FailureTypes.NON_RETRYABLE), Set.of(o.getRetryOptions().getDoNotRetry()));
            assertFalse(Set.of(o.getRetryOptions().getDoNotRetry()).contains(FailureTypes.STORE_UNAVAILABLE),
                    "a full store is retried");
            assertNull(o.getTaskQueue(), "the queue is chosen per workflow input");
        }
        assertEquals(TaskQueues.GPU, ActivityOptionsCatalog.onQueue(ActivityOptionsCatalog.RETRAINING, TaskQueues.GPU)
                .getTaskQueue());
    }
}
