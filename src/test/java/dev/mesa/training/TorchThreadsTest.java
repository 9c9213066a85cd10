package dev.mesa.training;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TorchThreadsTest {
    @Test
    void eachThreadKeepsTheCountItSetWhateverAnotherThreadSetsAfterIt() throws Exception {
        int configured = TorchThreads.onThisThread();
        CyclicBarrier firstSet = new CyclicBarrier(2);
        CyclicBarrier secondSet = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> wide = pool.submit(() -> {
                TorchThreads.setOnThisThread(2);
                firstSet.await();
                secondSet.await();
                return TorchThreads.onThisThread();
            });
            Future<Integer> narrow = pool.submit(() -> {
                firstSet.await();
                TorchThreads.setOnThisThread(1);
                secondSet.await();
                return TorchThreads.onThisThread();
            });
            assertEquals(2, wide.get(1, TimeUnit.MINUTES), "the first thread's count after the second set 1");
            assertEquals(1, narrow.get(1, TimeUnit.MINUTES));
        } finally {
            pool.shutdownNow();
            // A new thread starts from the last count set anywhere: leave the configured one for the other tests.
            TorchThreads.setOnThisThread(configured);
        }
    }

    @Test
    void aCountBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TorchThreads.setOnThisThread(0));
    }
}
