package dev.mesa.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TriggerGridTest {
    @TempDir
    Path tmp;

    static int rgb(int r, int g, int b) {
        return (r << 16) | (g << 8) | b;
    }

    @Test
    void cellsShowTheTriggerColoursAtTheExpectedPixels() throws IOException {
        // trigger 0: red everywhere except a white bottom-right pixel; trigger 1: B = 0.5, R and G vary by column
        float[] red = new float[27];
        for (int k = 0; k < 9; k++) {
            red[k] = 1f;
        }
        red[8] = red[9 + 8] = red[18 + 8] = 1f;
        float[] mixed = new float[27];
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                mixed[y * 3 + x] = x / 2f;
                mixed[9 + y * 3 + x] = 1f - x / 2f;
                mixed[18 + y * 3 + x] = 0.5f;
            }
        }
        float[] third = new float[27];
        java.util.Arrays.fill(third, 0.2f);
        Path file = tmp.resolve("figs/grid.png");
        TriggerGrid.writePng(file, List.of(red, mixed, third), 3, 3, 3, 2, 4);
        BufferedImage image = ImageIO.read(file.toFile());
        // cells of 3 * 4 + 2 = 14 px, 2 columns, 2 rows
        assertEquals(28, image.getWidth());
        assertEquals(28, image.getHeight());
        // trigger 0 at (1, 1): pixel (y, x) covers [1 + 4x, 1 + 4x + 4)
        assertEquals(rgb(255, 0, 0), image.getRGB(1, 1) & 0xFFFFFF);
        assertEquals(rgb(255, 0, 0), image.getRGB(1 + 4 + 3, 1 + 4 + 3) & 0xFFFFFF);
        assertEquals(rgb(255, 255, 255), image.getRGB(1 + 8 + 2, 1 + 8 + 2) & 0xFFFFFF);
        // trigger 1 at (15, 1): column x has R = x/2, G = 1 - x/2, B = 0.5 -> round(127.5) = 128
        assertEquals(rgb(0, 255, 128), image.getRGB(15 + 1, 1 + 1) & 0xFFFFFF);
        assertEquals(rgb(128, 128, 128), image.getRGB(15 + 4 + 1, 1 + 8 + 1) & 0xFFFFFF);
        assertEquals(rgb(255, 0, 128), image.getRGB(15 + 8 + 3, 1 + 4) & 0xFFFFFF);
        // trigger 2 on the second row at (1, 15): 0.2 -> 51
        assertEquals(rgb(51, 51, 51), image.getRGB(1 + 5, 15 + 5) & 0xFFFFFF);
        // the border between cells and the empty fourth cell keep the background
        assertEquals(rgb(128, 128, 160), image.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(rgb(128, 128, 160), image.getRGB(20, 20) & 0xFFFFFF);
    }

    @Test
    void grayscaleTriggersUseTheirOneChannelForRgb() throws IOException {
        float[] gray = {0f, 1f, 0.6f, 0.6f};
        Path file = tmp.resolve("gray.png");
        TriggerGrid.writePng(file, List.of(gray), 1, 2, 2, 1, 3);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(8, image.getWidth());
        assertEquals(rgb(0, 0, 0), image.getRGB(1, 1) & 0xFFFFFF);
        assertEquals(rgb(255, 255, 255), image.getRGB(4, 1) & 0xFFFFFF);
        assertEquals(rgb(153, 153, 153), image.getRGB(6, 6) & 0xFFFFFF);
    }

    @Test
    void nothingToDrawIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> TriggerGrid.writePng(tmp.resolve("x.png"), List.of(), 3, 3, 3, 4, 8));
    }
}
