package dev.mesa.training;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearningRateScheduleTest {
    @Test
    void constant() {
        LearningRateSchedule s = LearningRateSchedule.constant(1e-3);
        assertEquals(1e-3, s.at(0, 100));
        assertEquals(1e-3, s.at(99, 100));
        assertEquals(1e-3, s.at(5000, 100));
    }

    @Test
    void oneCycleValues() {
        LearningRateSchedule s = LearningRateSchedule.oneCycle(0.1, 0.2);
        assertEquals(0.01, s.at(0, 100), 1e-12, "starts at peak/10");
        assertEquals(0.1 * (0.1 + 0.9 * 0.5), s.at(10, 100), 1e-12, "half-way up");
        assertEquals(0.1, s.at(20, 100), 1e-12, "peak at the end of warm-up");
        assertEquals(0.1 * 0.4 / 0.8, s.at(60, 100), 1e-12, "linear decay to zero at the end");
        assertEquals(0.1 * 0.01 / 0.8, s.at(99, 100), 1e-12, "last step still positive");
        assertEquals(0.0, s.at(100, 100), 1e-12);
        double previous = -1;
        for (int step = 0; step <= 20; step++) {
            assertTrue(s.at(step, 100) > previous, "rising until the peak");
            previous = s.at(step, 100);
        }
        for (int step = 21; step <= 100; step++) {
            assertTrue(s.at(step, 100) < previous, "falling after the peak");
            previous = s.at(step, 100);
        }
    }

    @Test
    void invalidSchedules() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.oneCycle(0.1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule("cosine", 0.1, 0));
    }
}
