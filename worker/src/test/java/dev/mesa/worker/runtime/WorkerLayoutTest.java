package dev.mesa.worker.runtime;

import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerLayoutTest {
    @Test
    void threadsRunsOneActivityOnTheConfiguredThreadsUnlessMoreSlotsAreAskedFor() {
        WorkerLayout layout = WorkerLayout.resolve(WorkerLayout.THREADS, null, 2, false, null);
        assertEquals(1, layout.slots());
        assertNull(layout.torchThreads(), "the launcher's thread count (the cores) stays");
        assertEquals(3, WorkerLayout.resolve(WorkerLayout.THREADS, 3, 2, false, null).slots());
    }

    @Test
    void slotsRunsOneActivityPerCoreOnOneThreadEach() {
        WorkerLayout layout = WorkerLayout.resolve(WorkerLayout.SLOTS, null, 2, false, null);
        assertEquals(2, layout.slots());
        assertEquals(1, layout.torchThreads());
        assertEquals(3, WorkerLayout.resolve(WorkerLayout.SLOTS, 3, 2, false, 1).slots(), "an explicit slot count wins");
    }

    @Test
    void autoPicksSlotsOnSmallCpusAndThreadsOnLargeOnesOrOnAGpu() {
        assertEquals(1, WorkerLayout.resolve(WorkerLayout.AUTO, null, WorkerLayout.AUTO_SLOTS_MAX_CORES, false, null)
                .torchThreads());
        assertEquals(4, WorkerLayout.resolve(WorkerLayout.AUTO, null, 4, false, null).slots());
        WorkerLayout large = WorkerLayout.resolve(WorkerLayout.AUTO, null, WorkerLayout.AUTO_SLOTS_MAX_CORES + 1, false,
                null);
        assertEquals(1, large.slots());
        assertNull(large.torchThreads());
        WorkerLayout gpu = WorkerLayout.resolve(WorkerLayout.AUTO, null, 2, true, null);
        assertEquals(1, gpu.slots());
        assertNull(gpu.torchThreads());
    }

    @Test
    void theDefaultIsAutoWhichKeepsAThreadCountTheUserSet() {
        assertEquals(WorkerLayout.AUTO, WorkerLayout.DEFAULT, "slots measured faster on 2 cores (bench/layout.sh)");
        WorkerLayout chosen = WorkerLayout.resolve(WorkerLayout.DEFAULT, null, 2, false, 2);
        assertEquals(1, chosen.slots(), "a user's 2 PyTorch threads mean one activity at a time, not an error");
        assertNull(chosen.torchThreads());
        assertEquals(1, WorkerLayout.resolve(WorkerLayout.DEFAULT, null, 2, false, 1).torchThreads());
        assertEquals(2, WorkerLayout.resolve(WorkerLayout.DEFAULT, null, 2, false, 1).slots());
    }

    @Test
    void onlyAWorkerThatWidensUnitsReportsItsSlotsToTheWorkflows() {
        assertEquals(2, WorkerLayout.resolve(WorkerLayout.SLOTS, null, 2, false, null).wideSlots(),
                "slots on 2 cores: two units side by side, a wide unit on both cores");
        assertEquals(3, WorkerLayout.resolve(WorkerLayout.SLOTS, 3, 2, false, null).wideSlots());
        assertNull(WorkerLayout.resolve(WorkerLayout.THREADS, null, 2, false, null).wideSlots(), "threads never widen");
        assertNull(WorkerLayout.resolve(WorkerLayout.SLOTS, null, 2, false, 1).wideSlots(),
                "a pinned count of 1 holds for wide units too, so nothing is held back for them");
        assertNull(WorkerLayout.resolve(WorkerLayout.SLOTS, null, 1, false, null).wideSlots(), "one core: 1 and 1");
    }

    @Test
    void aThreadCountTheUserSetIsNotOverriddenSilently() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerLayout.resolve(WorkerLayout.SLOTS, null, 2, false, 2));
        assertTrue(e.getMessage().contains("ai.djl.pytorch.num_threads=2") && e.getMessage().contains("--layout threads"),
                e.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> WorkerLayout.resolve("slot", null, 2, false, null));
        assertTrue(unknown.getMessage().contains("[threads, slots, auto]"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WorkerLayout.resolve(WorkerLayout.THREADS, 0, 2, false, null));
    }

    @Test
    void applyingSlotsSetsOnePyTorchThread() {
        String before = System.getProperty("ai.djl.pytorch.num_threads");
        ai.djl.engine.Engine.getEngine("PyTorch");
        int threadsBefore = JniUtils.getNumThreads();
        try {
            WorkerLayout.resolve(WorkerLayout.SLOTS, null, 2, false, null).applyTorchThreads();
            assertEquals(1, JniUtils.getNumThreads());
            assertEquals("1", System.getProperty("ai.djl.pytorch.num_threads"));
        } finally {
            JniUtils.setNumThreads(threadsBefore);
            if (before != null) {
                System.setProperty("ai.djl.pytorch.num_threads", before);
            } else {
                System.clearProperty("ai.djl.pytorch.num_threads");
            }
        }
    }
}
