package dev.mesa.trigger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TriggerDisplacementTest {
    @Test
    void aMovedTriggerIsExactlyThatFarAndStaysAValidPattern() {
        TriggerPattern original = TriggerPattern.blackWhite(7, 3, 3);
        for (double d : new double[] {0.5, 1.0, 1.5}) {
            TriggerPattern moved = TriggerDisplacement.moved(original, d, 1, 0);
            assertEquals(d, TriggerDisplacement.distance(moved.values(), original.values()), 1e-5, "distance " + d);
            for (float v : moved.values()) {
                assertTrue(v >= 0f && v <= 1f, "value " + v);
            }
            assertEquals(moved, TriggerDisplacement.moved(original, d, 1, 0), "seeded");
            assertFalse(moved.equals(TriggerDisplacement.moved(original, d, 1, 1)), "another direction");
        }
        assertSame(original, TriggerDisplacement.moved(original, 0, 1, 0));
        // from a mid-grey trigger a value can move by 0.5 at most: 0.5·√27 ≈ 2.6 is the largest reachable distance
        float[] grey = new float[27];
        java.util.Arrays.fill(grey, 0.5f);
        assertThrows(IllegalArgumentException.class, () -> TriggerDisplacement.moved(
                new TriggerPattern("grey", 3, 3, 3, grey), 3.0, 1, 0));
    }
}
