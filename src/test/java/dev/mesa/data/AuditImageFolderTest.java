package dev.mesa.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.mesa.data.ImageFolderReaderTest.image;
import static dev.mesa.data.ImageFolderReaderTest.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data a defender has for an audit: clean test images in class folders, of any size (resized to the
 * model's input), as JPEG, PNG or PPM.
 */
class AuditImageFolderTest {
    @TempDir
    Path tmp;

    static byte[] pixels(ImageDataset data, int index) {
        byte[] out = new byte[data.shape().values()];
        data.copyImage(index, out, 0);
        return out;
    }

    @Test
    void binaryAndAsciiPpmReadLikeThePng() throws IOException {
        Path root = tmp.resolve("gtsrb");
        for (String name : List.of("source-23x17.png", "source-23x17.ppm", "source-23x17.ascii.ppm")) {
            String cls = name.replace(".", "-");
            Files.createDirectories(root.resolve(cls));
            Files.copy(ImageResizerTest.fixture(name), root.resolve(cls).resolve("0" + name.substring(name.indexOf('.'))));
        }
        ImageDataset test = new ImageFolderReader().read(root).test();
        assertEquals(3, test.size());
        assertEquals(new ImageShape(3, 17, 23), test.shape());
        byte[] png = ImageResizerTest.chw(ImageResizerTest.fixture("source-23x17.png"));
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(png, pixels(test, i), test.classNames().get(i));
        }
    }

    @Test
    void classFoldersWithoutSplitsAreTestImagesOnly() throws IOException {
        Path root = tmp.resolve("audit");
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 2; i++) {
                write(root.resolve("class-" + c).resolve(i + ".png"), image(10 * c + i, 8, 8), "png");
            }
        }
        DatasetSplits splits = new ImageFolderReader().read(root);
        assertFalse(splits.hasTrainingImages());
        assertEquals(0, splits.train().size());
        assertEquals(6, splits.test().size());
        assertEquals(List.of("class-0", "class-1", "class-2"), splits.test().classNames());
        assertEquals(splits.test().classNames(), splits.train().classNames());
        assertEquals(Normalization.of(splits.test()), splits.normalization());
        assertEquals(2, splits.defenseSplit(4, 1).evaluation().size());
    }

    @Test
    void imagesOfMixedSizesAreResizedLikePillow() throws IOException {
        Path root = tmp.resolve("mixed");
        Files.createDirectories(root.resolve("a"));
        Files.createDirectories(root.resolve("b"));
        Files.copy(ImageResizerTest.fixture("source-23x17.ppm"), root.resolve("a/0.ppm"));
        write(root.resolve("a/1.png"), image(3, 16, 16), "png");
        write(root.resolve("b/0.png"), image(4, 40, 12), "png");
        ImageDataset test = ImageFolderReader.resizingTo(16).read(root).test();
        assertEquals(new ImageShape(3, 16, 16), test.shape());
        assertArrayEquals(ImageResizerTest.chw(ImageResizerTest.fixture("pil-bilinear-16x16.png")), pixels(test, 0),
                "a 23x17 PPM resized to 16x16 as Pillow does");
        assertArrayEquals(ImageResizerTest.chw(root.resolve("a/1.png")), pixels(test, 1), "16x16 images are kept as they are");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> new ImageFolderReader().read(root));
        assertTrue(e.getMessage().contains("wrong image size") && e.getMessage().contains("resize"), e.getMessage());
    }

    @Test
    void aTruncatedPpmIsNamed() throws IOException {
        Path root = tmp.resolve("broken");
        Files.createDirectories(root.resolve("a"));
        Files.createDirectories(root.resolve("b"));
        byte[] ppm = Files.readAllBytes(ImageResizerTest.fixture("source-23x17.ppm"));
        Path bad = root.resolve("a/0.ppm");
        Files.write(bad, Arrays.copyOf(ppm, ppm.length / 2));
        Files.copy(ImageResizerTest.fixture("source-23x17.ppm"), root.resolve("b/0.ppm"));
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> ImageFolderReader.resizingTo(16).read(root));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    }

    @Test
    void anEmptyClassOfATestOnlyFolderIsNamed() throws IOException {
        Path root = tmp.resolve("empty-class");
        write(root.resolve("a/0.png"), image(1, 8, 8), "png");
        Path empty = Files.createDirectories(root.resolve("b"));
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> new ImageFolderReader().read(root));
        assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void theLoaderResizesEveryKindOfDataset() {
        DatasetLoader loader = DatasetLoader.offline(tmp.resolve("cache"));
        DatasetSource synthetic = DatasetSource.synthetic(new SyntheticDataset.Spec(3, 4, 4, 8, 2));
        DatasetSplits resized = loader.load(synthetic, 12);
        assertEquals(new ImageShape(3, 12, 12), resized.shape());
        assertEquals(loader.load(synthetic).train().size(), resized.train().size());
        assertEquals(resized, loader.load(synthetic, 12), "cached per size");
        assertEquals(loader.load(synthetic), loader.load(synthetic, 8), "the own size is the dataset itself");
    }
}
