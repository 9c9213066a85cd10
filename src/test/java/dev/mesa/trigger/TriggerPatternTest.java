package dev.mesa.trigger;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TriggerPatternTest {
    @Test
    void blackWhiteBitOrderIsMsbTopLeftRowMajorOneIsWhite() {
        TriggerPattern topLeft = TriggerPattern.blackWhite(0b100000000, 3, 3);
        assertEquals(1f, topLeft.value(0, 0, 0));
        assertEquals(0f, topLeft.value(0, 2, 2));
        TriggerPattern bottomRight = TriggerPattern.blackWhite(1, 3, 3);
        assertEquals(1f, bottomRight.value(2, 2, 2));
        assertEquals(0f, bottomRight.value(2, 0, 0));
        TriggerPattern secondInFirstRow = TriggerPattern.blackWhite(0b010000000, 3, 3);
        assertEquals(1f, secondInFirstRow.value(1, 0, 1));
        assertEquals(0f, secondInFirstRow.value(1, 1, 0), "row-major, not column-major");
        // 170 = 010 101 010: the checkerboard, the same in every channel
        TriggerPattern checkerboard = TriggerPattern.blackWhite(170, 3, 3);
        float[] plane = {0, 1, 0, 1, 0, 1, 0, 1, 0};
        for (int c = 0; c < 3; c++) {
            for (int k = 0; k < 9; k++) {
                assertEquals(plane[k], checkerboard.value(c, k / 3, k % 3), "channel " + c + " pixel " + k);
            }
        }
        assertEquals("bw-170", checkerboard.name());
        // 186 = 010 111 010: a plus sign
        TriggerPattern plus = TriggerPattern.blackWhite(186, 3, 1);
        assertArrayEquals(new float[] {0, 1, 0, 1, 1, 1, 0, 1, 0}, plus.values());
    }

    @Test
    void anySize() {
        TriggerPattern big = TriggerPattern.blackWhite(1 << 24, 5, 3);
        assertEquals(75, big.values().length);
        assertEquals(1f, big.value(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> TriggerPattern.blackWhite(512, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> TriggerPattern.blackWhite(-1, 3, 3));
    }

    @Test
    void validation() {
        assertThrows(IllegalArgumentException.class, () -> new TriggerPattern("t", 1, 1, 2, new float[] {0.5f, 1.5f}));
        assertThrows(IllegalArgumentException.class, () -> new TriggerPattern("t", 1, 1, 2, new float[] {-0.01f, 0.5f}));
        assertThrows(IllegalArgumentException.class, () -> new TriggerPattern("t", 1, 1, 2, new float[] {Float.NaN, 0.5f}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TriggerPattern("t", 3, 3, 3, new float[26]));
        assertTrue(e.getMessage().contains("26"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TriggerPattern("t", 0, 3, 3, new float[0]));
        new TriggerPattern("edges", 1, 1, 2, new float[] {0f, 1f});
    }

    @Test
    void valuesAreCopiedAndArraysAreChannelMajor() {
        float[] v = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f};
        TriggerPattern t = new TriggerPattern("t", 2, 2, 2, v);
        v[0] = 0.9f;
        assertEquals(0.1f, t.value(0, 0, 0));
        t.values()[1] = 0.9f;
        assertEquals(0.2f, t.value(0, 0, 1));
        assertEquals(0.7f, t.value(1, 1, 0));
        try (NDManager m = NDManager.newBaseManager()) {
            var array = t.toNDArray(m);
            assertEquals(new ai.djl.ndarray.types.Shape(1, 2, 2, 2), array.getShape());
            assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f}, array.toFloatArray());
        }
    }
}
