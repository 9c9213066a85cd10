package dev.mesa.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gradients per thread: what DJL's collector computes, and two collectors open at once on two threads. */
class ThreadGradientCollectorTest {
    @Test
    void theGradientIsDjlsAndGradModeIsRestored() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, -2, 3});
            x.setRequiresGradient(true);
            try (GradientCollector c = ThreadGradientCollector.open()) {
                c.backward(x.mul(x).sum());
            }
            assertArrayEquals(new float[] {2, -4, 6}, x.getGradient().toFloatArray());
            assertFalse(ai.djl.pytorch.jni.JniUtils.isGradMode(), "grad mode back off after the collector");
        }
    }

    @Test
    void djlsCollectorRefusesASecondOneInTheProcessThisOneDoesNot() throws Exception {
        try (GradientCollector first = Engine.getInstance().newGradientCollector()) {
            assertThrows(IllegalStateException.class, () -> Engine.getInstance().newGradientCollector().close());
        }
        CountDownLatch bothOpen = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> opened = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                opened.add(pool.submit(() -> {
                    try (GradientCollector c = ThreadGradientCollector.open()) {
                        bothOpen.countDown();
                        return bothOpen.await(60, TimeUnit.SECONDS);
                    }
                }));
            }
            for (Future<Boolean> f : opened) {
                assertTrue(f.get(90, TimeUnit.SECONDS), "both collectors were open at the same time");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
