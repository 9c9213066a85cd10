package dev.mesa.trigger;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomColorTriggersTest {
    @Test
    void seededAndDeterministic() {
        List<TriggerPattern> a = RandomColorTriggers.generate(10, 1234, 3);
        List<TriggerPattern> b = RandomColorTriggers.generate(10, 1234, 3);
        assertEquals(a, b);
        assertEquals(10, new HashSet<>(a).size(), "ten different triggers");
        assertNotEquals(a, RandomColorTriggers.generate(10, 1235, 3));
        // trigger i does not depend on how many are drawn
        assertEquals(a.get(4), RandomColorTriggers.generate(4, 1234, 3, 3));
        assertEquals(a.subList(0, 3), RandomColorTriggers.generate(3, 1234, 3));
    }

    @Test
    void uniformColoursInTheUnitRange() {
        TriggerPattern t = RandomColorTriggers.generate(0, 7, 3, 3);
        assertEquals(3, t.channels());
        assertEquals(3, t.height());
        assertEquals(3, t.width());
        assertEquals("color-0", t.name());
        double sum = 0;
        int n = 0;
        for (TriggerPattern p : RandomColorTriggers.generate(200, 7, 3)) {
            for (float v : p.values()) {
                assertTrue(v >= 0 && v <= 1);
                sum += v;
                n++;
            }
        }
        assertEquals(0.5, sum / n, 0.02, "uniform mean");
        // per-channel values differ (colour, not grey)
        assertNotEquals(t.value(0, 1, 1), t.value(1, 1, 1));
    }
}
