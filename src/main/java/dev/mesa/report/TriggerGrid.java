package dev.mesa.report;

import dev.mesa.checkpoint.FileWriteException;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Renders triggers (C × h × w intensities in [0, 1]) as an upscaled PNG grid, like the paper's sample figures. */
public final class TriggerGrid {
    private TriggerGrid() {}

    /**
     * @param triggers flattened CHW values, each {@code channels * height * width} long
     * @param columns  triggers per row
     * @param scale    pixels per trigger pixel
     */
    public static void writePng(Path file, List<float[]> triggers, int channels, int height, int width, int columns,
                                int scale) {
        if (triggers.isEmpty()) {
            throw new IllegalArgumentException("no triggers to draw");
        }
        int cell = Math.max(height, width) * scale + 2;
        int rows = (triggers.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(columns * cell, rows * cell, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(128, 128, 160));
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int t = 0; t < triggers.size(); t++) {
            float[] v = triggers.get(t);
            int ox = (t % columns) * cell + 1;
            int oy = (t / columns) * cell + 1;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int[] rgb = new int[3];
                    for (int c = 0; c < 3; c++) {
                        float value = v[((channels == 1 ? 0 : c) * height + y) * width + x];
                        rgb[c] = Math.round(Math.max(0f, Math.min(1f, value)) * 255f);
                    }
                    g.setColor(new Color(rgb[0], rgb[1], rgb[2]));
                    g.fillRect(ox + x * scale, oy + y * scale, scale, scale);
                }
            }
        }
        g.dispose();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new FileWriteException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
