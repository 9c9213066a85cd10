package dev.mesa.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NormalizationTest {
    @Test
    void statisticsAreExactPopulationMeanAndStdPerChannel() {
        // two 2x1x2 images (channels 0 and 1), values chosen by hand
        byte[] pixels = {
                0, (byte) 255, // image 0, channel 0
                51, 51, // image 0, channel 1
                (byte) 255, 0, // image 1, channel 0
                102, (byte) 204, // image 1, channel 1
        };
        ImageDataset data = new ImageDataset("hand", new ImageShape(2, 1, 2), pixels, new int[] {0, 1}, List.of("a", "b"));
        Normalization n = Normalization.of(data);
        // channel 0: {0, 1, 1, 0} -> mean 0.5, std 0.5
        assertEquals(0.5f, n.mean()[0], 1e-7f);
        assertEquals(0.5f, n.std()[0], 1e-7f);
        // channel 1: {0.2, 0.2, 0.4, 0.8} -> mean 0.4, variance (0.04+0.04+0+0.16)/4 = 0.06
        assertEquals(0.4f, n.mean()[1], 1e-7f);
        assertEquals((float) Math.sqrt(0.06), n.std()[1], 1e-7f);
        assertEquals((51 / 255f - 0.4f) / (float) Math.sqrt(0.06), n.apply(1, 51), 1e-6f);
        assertEquals((0.9f - 0.5f) / 0.5f, n.applyUnit(0, 0.9f), 1e-6f);
    }

    @Test
    void constantChannelGetsAPositiveStd() {
        ImageDataset flat = new ImageDataset("flat", new ImageShape(1, 1, 2), new byte[] {9, 9}, new int[] {0}, List.of("a"));
        Normalization n = Normalization.of(flat);
        assertEquals(9 / 255f, n.mean()[0], 1e-7f);
        assertEquals(true, n.std()[0] > 0);
    }

    @Test
    void invalidStatisticsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[] {0.5f}, new float[] {0f}));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[] {0.5f, 0.5f}, new float[] {1f}));
        assertThrows(IllegalArgumentException.class, () -> new Normalization(new float[] {0.5f}, new float[] {Float.NaN}));
    }
}
