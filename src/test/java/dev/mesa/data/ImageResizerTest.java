package dev.mesa.data;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** mesa resizes like Pillow's bilinear Image.resize (torchvision's Resize on PIL images), pixel for pixel. */
class ImageResizerTest {
    static Path fixture(String name) {
        try {
            return Path.of(ImageResizerTest.class.getResource("/images/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An image file as channel-major RGB bytes. */
    static byte[] chw(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                out[y * w + x] = (byte) (rgb >> 16);
                out[h * w + y * w + x] = (byte) (rgb >> 8);
                out[2 * h * w + y * w + x] = (byte) rgb;
            }
        }
        return out;
    }

    @Test
    void shrinkingEnlargingAndMixedResizesEqualPillowsExactly() throws IOException {
        byte[] source = chw(fixture("source-23x17.png"));
        for (int[] size : new int[][] {{16, 16}, {40, 40}, {9, 31}}) {
            int w = size[0];
            int h = size[1];
            byte[] pil = chw(fixture("pil-bilinear-" + w + "x" + h + ".png"));
            byte[] mesa = new byte[3 * w * h];
            ImageResizer.resize(source, 0, 3, 17, 23, mesa, 0, h, w);
            assertArrayEquals(pil, mesa, "resize to " + w + "x" + h);
        }
    }

    @Test
    void theSameSizeIsTheIdentity() throws IOException {
        byte[] source = chw(fixture("source-23x17.png"));
        byte[] out = new byte[source.length];
        ImageResizer.resize(source, 0, 3, 17, 23, out, 0, 17, 23);
        assertArrayEquals(source, out);
    }

    @Test
    void aConstantImageStaysConstant() {
        byte[] source = new byte[3 * 50 * 70];
        java.util.Arrays.fill(source, (byte) 200);
        byte[] out = new byte[3 * 32 * 32];
        ImageResizer.resize(source, 0, 3, 50, 70, out, 0, 32, 32);
        for (byte b : out) {
            assertEquals(200, b & 0xFF);
        }
    }
}
