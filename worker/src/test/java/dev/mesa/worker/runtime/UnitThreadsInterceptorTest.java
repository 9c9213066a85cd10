package dev.mesa.worker.runtime;

import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.RetrainRequest;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UnitThreadsInterceptorTest {
    private static final TrainGeneratorRequest SEARCH = new TrainGeneratorRequest("models/m", DatasetSpec.synthetic(),
            0, 0.9, 3, MesaSettings.defaults(), 1, TrainGeneratorRequest.DETECTION);

    @Test
    void aUnitMarkedWideGetsTheWideCountAndEveryOtherActivityOneSlotsShare() {
        UnitThreadsInterceptor threads = new UnitThreadsInterceptor(1, 2);
        assertEquals(2, threads.threadsFor(new Object[] {SEARCH.widenedWhen(true)}));
        assertEquals(1, threads.threadsFor(new Object[] {SEARCH}));
        assertEquals(1, threads.threadsFor(new Object[] {SEARCH.widenedWhen(false)}));
        RetrainRequest retrain = new RetrainRequest("models/m", DatasetSpec.synthetic(), null, null, 1, "ensemble");
        assertEquals(2, threads.threadsFor(new Object[] {retrain.widenedWhen(true)}));
        assertEquals(1, threads.threadsFor(new Object[] {retrain}));
        assertEquals(1, threads.threadsFor(new Object[] {"an evaluation or any other request"}));
        assertEquals(1, threads.threadsFor(new Object[0]));
    }

    @Test
    void onlyASlotsLayoutWithMoreCoresThanTheUserPinnedAddsIt() {
        assertEquals(1, WorkerLayout.resolve(WorkerLayout.SLOTS, null, 2, false, null).interceptors().length);
        assertEquals(2, WorkerLayout.resolve(WorkerLayout.SLOTS, null, 2, false, null).wideThreads());
        assertEquals(0, WorkerLayout.resolve(WorkerLayout.THREADS, null, 2, false, null).interceptors().length);
        WorkerLayout pinned = WorkerLayout.resolve(WorkerLayout.SLOTS, null, 2, false, 1);
        assertEquals(1, pinned.wideThreads(), "a user's explicit 1 PyTorch thread holds for wide units too");
        assertEquals(0, pinned.interceptors().length);
        assertThrows(IllegalArgumentException.class, () -> new UnitThreadsInterceptor(1, 0));
    }
}
