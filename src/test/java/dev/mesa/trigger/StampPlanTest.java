package dev.mesa.trigger;

import dev.mesa.random.Seeds;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StampPlanTest {
    @Test
    void oneLocationPerBatchSharesTheLocation() {
        Set<String> batchLocations = new HashSet<>();
        for (int b = 0; b < 200; b++) {
            StampPlan plan = StampPlan.all(StampingRule.ONE_LOCATION_PER_BATCH, 16, 32, 32, 3, 3, Seeds.stream(1, "p", b));
            for (int i = 1; i < 16; i++) {
                assertEquals(plan.rows()[0], plan.rows()[i]);
                assertEquals(plan.columns()[0], plan.columns()[i]);
            }
            assertEquals(16, plan.stampedCount());
            batchLocations.add(plan.rows()[0] + "," + plan.columns()[0]);
        }
        assertTrue(batchLocations.size() > 100, "the location changes from batch to batch: " + batchLocations.size());
    }

    @Test
    void interiorLocationsKeepATriggerSizeFromEveryBorderAndAreSharedByTheBatch() {
        Set<String> seen = new HashSet<>();
        for (int b = 0; b < 3000; b++) {
            StampPlan plan = StampPlan.all(StampingRule.INTERIOR_PER_BATCH, 8, 32, 32, 3, 3, Seeds.stream(7, "p", b));
            for (int i = 0; i < 8; i++) {
                assertEquals(plan.rows()[0], plan.rows()[i]);
                assertEquals(plan.columns()[0], plan.columns()[i]);
                assertTrue(plan.rows()[i] >= 3 && plan.rows()[i] <= 26, "row " + plan.rows()[i]);
                assertTrue(plan.columns()[i] >= 3 && plan.columns()[i] <= 26, "column " + plan.columns()[i]);
            }
            seen.add(plan.rows()[0] + "," + plan.columns()[0]);
        }
        assertTrue(seen.contains("3,3") && seen.contains("26,26") && seen.size() > 500,
                "the whole interior is drawn: " + seen.size() + " of 576 locations");
        assertThrows(IllegalArgumentException.class,
                () -> StampPlan.all(StampingRule.INTERIOR_PER_BATCH, 2, 8, 8, 3, 3, Seeds.stream(7, "p")));
    }

    @Test
    void perSampleLocationsCoverTheImageAndStayInside() {
        StampPlan plan = StampPlan.all(StampingRule.PER_SAMPLE, 5000, 8, 10, 3, 4, Seeds.stream(2, "p"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            assertTrue(plan.rows()[i] >= 0 && plan.rows()[i] <= 5, "row " + plan.rows()[i]);
            assertTrue(plan.columns()[i] >= 0 && plan.columns()[i] <= 6, "column " + plan.columns()[i]);
            seen.add(plan.rows()[i] + "," + plan.columns()[i]);
        }
        assertEquals(6 * 7, seen.size(), "every top-left position of a 3x4 patch in an 8x10 image");
    }

    @Test
    void fixedCornerIsBottomRight() {
        StampPlan plan = StampPlan.all(StampingRule.FIXED_CORNER, 7, 32, 30, 3, 5, Seeds.stream(3, "p"));
        for (int i = 0; i < 7; i++) {
            assertEquals(29, plan.rows()[i]);
            assertEquals(25, plan.columns()[i]);
        }
    }

    @Test
    void ratioIsTheStampedFraction() {
        StampPlan plan = StampPlan.draw(StampingRule.PER_SAMPLE, 20_000, 32, 32, 3, 3, 0.1, Seeds.stream(4, "p"));
        double fraction = plan.stampedCount() / 20_000.0;
        assertEquals(0.1, fraction, 0.01);
        assertEquals(20_000, StampPlan.draw(StampingRule.PER_SAMPLE, 20_000, 32, 32, 3, 3, 1.0, Seeds.stream(4, "p"))
                .stampedCount());
    }

    @Test
    void sameStreamSamePlan() {
        StampPlan a = StampPlan.draw(StampingRule.PER_SAMPLE, 64, 32, 32, 3, 3, 0.5, Seeds.stream(5, "p", 9));
        StampPlan b = StampPlan.draw(StampingRule.PER_SAMPLE, 64, 32, 32, 3, 3, 0.5, Seeds.stream(5, "p", 9));
        assertArrayEquals(a.rows(), b.rows());
        assertArrayEquals(a.columns(), b.columns());
        assertArrayEquals(a.stamped(), b.stamped());
    }

    @Test
    void triggerLargerThanTheImageIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StampPlan.all(StampingRule.PER_SAMPLE, 4, 16, 16, 17, 3, Seeds.stream(6, "p")));
        assertTrue(e.getMessage().contains("17x3") && e.getMessage().contains("16x16"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new StampPlan(4, 4, 3, 5, new int[1], new int[1], new boolean[1]));
        // exactly the image size fits, at (0, 0)
        StampPlan whole = StampPlan.all(StampingRule.PER_SAMPLE, 2, 4, 4, 4, 4, Seeds.stream(6, "p"));
        assertArrayEquals(new int[] {0, 0}, whole.rows());
    }
}
