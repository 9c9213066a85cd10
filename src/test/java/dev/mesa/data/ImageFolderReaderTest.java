package dev.mesa.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFolderReaderTest {
    static final int SIZE = 8;

    @TempDir
    Path tmp;

    /** A deterministic RGB image whose pixels encode (seed, x, y, channel). */
    static BufferedImage image(int seed, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.setRGB(x, y, rgb(seed, x, y));
            }
        }
        return img;
    }

    static int rgb(int seed, int x, int y) {
        int r = (seed * 40 + x * 20) & 0xFF;
        int g = (seed * 7 + y * 30) & 0xFF;
        int b = (x * y * 3 + seed) & 0xFF;
        return r << 16 | g << 8 | b;
    }

    static void write(Path file, BufferedImage img, String format) throws IOException {
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(img, format, file.toFile()), "no ImageIO writer for " + format);
    }

    /**
     * {@code <root>/<split>/<class>/<i>.<ext>}: classes created in a non-sorted order; image seed = 10·class
     * index in sorted order + i.
     */
    static Path folder(Path root, String format, String ext) throws IOException {
        List<String> classes = List.of("cat", "airplane", "bird");
        List<String> sorted = classes.stream().sorted().toList();
        for (String split : List.of("train", "test")) {
            int perClass = split.equals("train") ? 3 : 1;
            for (String c : classes) {
                for (int i = 0; i < perClass; i++) {
                    write(root.resolve(split).resolve(c).resolve(i + "." + ext), image(10 * sorted.indexOf(c) + i, SIZE, SIZE),
                            format);
                }
            }
        }
        return root;
    }

    @Test
    void readsPngFoldersExactlyWithSortedClasses() throws IOException {
        DatasetSplits splits = new ImageFolderReader().read(folder(tmp.resolve("png"), "png", "png"));
        assertEquals(List.of("airplane", "bird", "cat"), splits.train().classNames());
        assertEquals(new ImageShape(3, SIZE, SIZE), splits.shape());
        assertEquals(9, splits.train().size());
        assertEquals(3, splits.test().size());
        for (int i = 0; i < 9; i++) {
            int label = i / 3;
            assertEquals(label, splits.train().label(i));
            int seed = 10 * label + i % 3;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int v = rgb(seed, x, y);
                    assertEquals(v >> 16 & 0xFF, splits.train().pixel(i, 0, y, x));
                    assertEquals(v >> 8 & 0xFF, splits.train().pixel(i, 1, y, x));
                    assertEquals(v & 0xFF, splits.train().pixel(i, 2, y, x));
                }
            }
        }
        assertArrayEquals3(new int[] {1, 1, 1}, splits.test().classCounts());
    }

    private static void assertArrayEquals3(int[] expected, int[] actual) {
        assertEquals(Arrays.toString(expected), Arrays.toString(actual));
    }

    @Test
    void readsJpegFolders() throws IOException {
        DatasetSplits splits = new ImageFolderReader().read(folder(tmp.resolve("jpg"), "jpg", "jpg"));
        assertEquals(List.of("airplane", "bird", "cat"), splits.train().classNames());
        assertEquals(9, splits.train().size());
        // lossy, but close to the source on average
        double error = 0;
        int seed = 10 * 2 + 1;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                error += Math.abs((rgb(seed, x, y) >> 16 & 0xFF) - splits.train().pixel(7, 0, y, x));
            }
        }
        assertTrue(error / (SIZE * SIZE) < 30, "mean JPEG error " + error / (SIZE * SIZE));
    }

    @Test
    void corruptImageIsNamed() throws IOException {
        Path root = folder(tmp.resolve("r"), "png", "png");
        Path bad = root.resolve("train/bird/1.png");
        byte[] bytes = Files.readAllBytes(bad);
        Arrays.fill(bytes, 20, bytes.length, (byte) 0x5A);
        Files.write(bad, bytes);
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> new ImageFolderReader().read(root));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    }

    @Test
    void truncatedJpegIsNamed() throws IOException {
        Path root = folder(tmp.resolve("r"), "jpg", "jpg");
        Path bad = root.resolve("test/cat/0.jpg");
        byte[] bytes = Files.readAllBytes(bad);
        Files.write(bad, Arrays.copyOf(bytes, bytes.length * 2 / 3));
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> new ImageFolderReader().read(root));
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void wrongImageSizeIsNamed() throws IOException {
        Path root = folder(tmp.resolve("r"), "png", "png");
        Path bad = root.resolve("train/cat/2.png");
        write(bad, image(1, SIZE, SIZE + 1), "png");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> new ImageFolderReader().read(root));
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("size"), e.getMessage());
    }

    @Test
    void emptyClassFolderIsNamed() throws IOException {
        Path root = folder(tmp.resolve("r"), "png", "png");
        Path empty = Files.createDirectories(root.resolve("train/dog"));
        Files.writeString(empty.resolve("notes.txt"), "not an image");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> new ImageFolderReader().read(root));
        assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void fileOfUnknownFormatIsNamed() throws IOException {
        Path root = folder(tmp.resolve("r"), "png", "png");
        Path bad = root.resolve("train/airplane/0.png");
        Files.writeString(bad, "GIF? no: plain text pretending to be an image");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> new ImageFolderReader().read(root));
        assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("unknown format"), e.getMessage());
    }

    @Test
    void missingSplitIsNamed() throws IOException {
        Path root = tmp.resolve("r");
        for (int i = 0; i < 2; i++) {
            write(root.resolve("train/a/" + i + ".png"), image(i, SIZE, SIZE), "png");
            write(root.resolve("train/b/" + i + ".png"), image(i + 5, SIZE, SIZE), "png");
        }
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> new ImageFolderReader().read(root));
        assertTrue(e.getMessage().contains(root.resolve("test").toString()) && e.getMessage().contains("test"),
                e.getMessage());
        assertThrows(InvalidDataException.class, () -> new ImageFolderReader().read(root.resolve("nothing-here")));
    }

    @Test
    void splitsWithDifferentClassesAreRejected() throws IOException {
        Path root = folder(tmp.resolve("r"), "png", "png");
        write(root.resolve("test/zebra/0.png"), image(3, SIZE, SIZE), "png");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> new ImageFolderReader().read(root));
        assertTrue(e.getMessage().contains("zebra"), e.getMessage());
    }
}
