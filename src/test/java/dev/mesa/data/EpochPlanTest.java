package dev.mesa.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EpochPlanTest {
    private static List<Integer> concatenated(EpochPlan plan) {
        List<Integer> all = new ArrayList<>();
        for (int s = 0; s < plan.steps(); s++) {
            Arrays.stream(plan.batch(s)).forEach(all::add);
        }
        return all;
    }

    @Test
    void stepsPerEpoch() {
        assertEquals(62, EpochPlan.stepsPerEpoch(8000, 128, true));
        assertEquals(63, EpochPlan.stepsPerEpoch(8000, 128, false));
        assertEquals(2, EpochPlan.stepsPerEpoch(256, 128, false));
        assertEquals(2, EpochPlan.stepsPerEpoch(256, 128, true));
        assertEquals(390, EpochPlan.stepsPerEpoch(50_000, 128, true));
    }

    @Test
    void keepsOrDropsTheLastPartialBatch() {
        EpochPlan keep = new EpochPlan(8000, 128, false, 3, 0);
        assertEquals(63, keep.steps());
        assertEquals(64, keep.batch(62).length);
        assertEquals(IntStream.range(0, 8000).boxed().toList(), concatenated(keep).stream().sorted().toList());

        EpochPlan drop = new EpochPlan(8000, 128, true, 3, 0);
        assertEquals(62, drop.steps());
        assertEquals(128, drop.batch(61).length);
        assertEquals(62 * 128, concatenated(drop).stream().distinct().count());
        assertThrows(IndexOutOfBoundsException.class, () -> drop.batch(62));
        // the same permutation, cut differently
        assertArrayEquals(keep.batch(5), drop.batch(5));
    }

    @Test
    void orderDependsOnlyOnSeedAndEpoch() {
        List<Integer> e0 = concatenated(new EpochPlan(1000, 32, false, 7, 0));
        assertEquals(e0, concatenated(new EpochPlan(1000, 32, false, 7, 0)));
        assertFalse(e0.equals(concatenated(new EpochPlan(1000, 32, false, 7, 1))), "each epoch reshuffles");
        assertFalse(e0.equals(concatenated(new EpochPlan(1000, 32, false, 8, 0))), "each seed reshuffles");
        assertFalse(e0.equals(IntStream.range(0, 1000).boxed().toList()), "shuffled");
    }

    @Test
    void datasetSmallerThanABatch() {
        assertThrows(IllegalArgumentException.class, () -> new EpochPlan(10, 32, true, 1, 0));
        EpochPlan plan = new EpochPlan(10, 32, false, 1, 0);
        assertEquals(1, plan.steps());
        assertEquals(10, plan.batch(0).length);
    }
}
