package dev.mesa.trigger;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mesa.data.Normalization;
import dev.mesa.random.Seeds;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TriggerStamperTest {
    private static final Normalization NORM = new Normalization(new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.2f, 0.25f, 0.5f});

    @Test
    void pastesNormalisedTriggerExactlyAtEachPlannedLocationAndNowhereElse() {
        try (NDManager m = NDManager.newBaseManager()) {
            int b = 4, c = 3, h = 8, w = 9;
            float[] base = new float[b * c * h * w];
            SplittableRandom r = Seeds.stream(1, "t");
            for (int i = 0; i < base.length; i++) {
                base[i] = (float) r.nextDouble();
            }
            NDArray images = m.create(base, new Shape(b, c, h, w));
            TriggerPattern trigger = TriggerPattern.blackWhite(170, 3, 3);
            StampPlan plan = new StampPlan(h, w, 3, 3, new int[] {0, 5, 2, 1}, new int[] {0, 6, 3, 1},
                    new boolean[] {true, true, false, true});
            float[] out = new TriggerStamper(NORM).stamp(images, trigger.toNDArray(m), plan).toFloatArray();
            for (int n = 0; n < b; n++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            int i = ((n * c + ch) * h + y) * w + x;
                            int dy = y - plan.rows()[n];
                            int dx = x - plan.columns()[n];
                            boolean inside = plan.stamped()[n] && dy >= 0 && dy < 3 && dx >= 0 && dx < 3;
                            float expected = inside ? NORM.applyUnit(ch, trigger.value(ch, dy, dx)) : base[i];
                            assertEquals(expected, out[i], 1e-6, "n=" + n + " ch=" + ch + " y=" + y + " x=" + x);
                        }
                    }
                }
            }
        }
    }

    @Test
    void perSampleTriggersGoToTheirOwnImages() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = m.zeros(new Shape(2, 1, 4, 4));
            NDArray triggers = m.create(new float[] {1, 1, 1, 1, 0.5f, 0.5f, 0.5f, 0.5f}, new Shape(2, 1, 2, 2));
            StampPlan plan = new StampPlan(4, 4, 2, 2, new int[] {0, 2}, new int[] {0, 2}, new boolean[] {true, true});
            Normalization identity = new Normalization(new float[] {0}, new float[] {1});
            float[] out = new TriggerStamper(identity).stamp(images, triggers, plan).toFloatArray();
            assertEquals(1f, out[0]);
            assertEquals(0f, out[15 - 5]);
            assertEquals(0.5f, out[16 + 15]);
            assertEquals(0f, out[16]);
        }
    }

    @Test
    void gradientsReachTheTriggerThroughThePaste() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = m.ones(new Shape(3, 3, 6, 6));
            NDArray trigger = TriggerPattern.blackWhite(170, 3, 3).toNDArray(m);
            trigger.setRequiresGradient(true);
            StampPlan plan = new StampPlan(6, 6, 3, 3, new int[] {0, 3, 1}, new int[] {3, 0, 1},
                    new boolean[] {true, false, true});
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray out = new TriggerStamper(NORM).stamp(images, trigger, plan);
                gc.backward(out.sum());
            }
            float[] grad = trigger.getGradient().toFloatArray();
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 9; k++) {
                    // two stamped images, each pixel normalised by 1/std
                    assertEquals(2f / NORM.std()[c], grad[c * 9 + k], 1e-5, "channel " + c + " pixel " + k);
                }
            }
        }
    }

    @Test
    void planMustMatchTheImages() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = m.zeros(new Shape(2, 3, 8, 8));
            NDArray trigger = TriggerPattern.blackWhite(7, 3, 3).toNDArray(m);
            StampPlan otherSize = new StampPlan(9, 9, 3, 3, new int[2], new int[2], new boolean[] {true, true});
            assertThrows(IllegalArgumentException.class, () -> new TriggerStamper(NORM).stamp(images, trigger, otherSize));
            StampPlan otherBatch = new StampPlan(8, 8, 3, 3, new int[3], new int[3], new boolean[] {true, true, true});
            assertThrows(IllegalArgumentException.class, () -> new TriggerStamper(NORM).stamp(images, trigger, otherBatch));
        }
    }
}
