package dev.mesa.distribution;

import ai.djl.Device;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import dev.mesa.testing.TinyModels;
import dev.mesa.training.TorchThreads;
import dev.mesa.training.LoopIntervals;
import dev.mesa.training.TrainingListener;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Two MESA searches on two threads of one JVM at once (a worker with two activity slots) end exactly as the same
 * searches run one after the other: each has its own networks, seeds and gradient collector.
 */
class ConcurrentSearchTest {
    /** A short search with its own classifier copy and generator; returns its final state. */
    private static Map<String, byte[]> search(long seed) {
        MesaConfig config = GeneratorTrainerTest.SMALL.toBuilder().epochs(3).build();
        try (Classifier classifier = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu());
             TriggerGeneratorModel model = TriggerGeneratorModel.create(config, 3, 3, 3, seed, Device.cpu())) {
            GeneratorTrainer trainer = new GeneratorTrainer(model, classifier, GeneratorTrainerTest.firstImages(64),
                    TinyModels.TARGET, 0.8, seed);
            trainer.train(new LoopIntervals(4, 100), null, TrainingListener.NONE);
            return trainer.saveState();
        }
    }

    @Test
    void twoSearchesOnTwoThreadsAtOnceEndExactlyAsWhenRunOneAfterTheOther() throws Exception {
        TinyModels.get();
        Map<String, byte[]> a = search(3);
        Map<String, byte[]> b = search(4);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Map<String, byte[]>> fa = pool.submit(() -> search(3));
            Future<Map<String, byte[]>> fb = pool.submit(() -> search(4));
            Map<String, byte[]> ca = fa.get(10, TimeUnit.MINUTES);
            Map<String, byte[]> cb = fb.get(10, TimeUnit.MINUTES);
            assertEquals(a.keySet(), ca.keySet());
            for (String section : a.keySet()) {
                assertArrayEquals(a.get(section), ca.get(section), "search 3, section " + section);
                assertArrayEquals(b.get(section), cb.get(section), "search 4, section " + section);
            }
        } finally {
            pool.shutdownNow();
        }
        assertFalse(java.util.Arrays.equals(a.get("generator"), b.get("generator")), "two different searches");
    }

    /** {@link #search} on {@code threads} PyTorch threads of the calling thread; checks the count held to the end. */
    private static Map<String, byte[]> searchOn(int threads, long seed) {
        TorchThreads.setOnThisThread(threads);
        Map<String, byte[]> state = search(seed);
        assertEquals(threads, TorchThreads.onThisThread(), "the count this thread set, whatever the other set");
        return state;
    }

    /**
     * A search on two PyTorch threads beside one on one thread (a worker's wide unit beside a slot) ends exactly as
     * each run alone at its own count: the count is per thread, so a neighbour's setting never changes a result.
     */
    @Test
    void searchesAtDifferentThreadCountsAtOnceEndExactlyAsEachAloneAtItsCount() throws Exception {
        TinyModels.get();
        int configured = TorchThreads.onThisThread();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Map<String, byte[]> wideAlone = pool.submit(() -> searchOn(2, 5)).get(10, TimeUnit.MINUTES);
            Map<String, byte[]> narrowAlone = pool.submit(() -> searchOn(1, 6)).get(10, TimeUnit.MINUTES);
            Future<Map<String, byte[]>> wide = pool.submit(() -> searchOn(2, 5));
            Future<Map<String, byte[]>> narrow = pool.submit(() -> searchOn(1, 6));
            Map<String, byte[]> w = wide.get(10, TimeUnit.MINUTES);
            Map<String, byte[]> n = narrow.get(10, TimeUnit.MINUTES);
            for (String section : wideAlone.keySet()) {
                assertArrayEquals(wideAlone.get(section), w.get(section), "2 threads, section " + section);
                assertArrayEquals(narrowAlone.get(section), n.get(section), "1 thread, section " + section);
            }
        } finally {
            pool.shutdownNow();
            // A new thread starts from the last count set anywhere: leave the configured one for the other tests.
            TorchThreads.setOnThisThread(configured);
        }
    }
}
