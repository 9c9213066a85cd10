package dev.mesa.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The class count of an image folder comes from its class folders, read without loading the images. */
class DatasetOutlineTest {
    @TempDir
    Path tmp;

    @Test
    void aFolderOf43ClassFoldersHas43Classes() throws IOException {
        Path root = classFolders(tmp.resolve("gtsrb"), 43, 2, 12, 10);

        DatasetOutline outline = new ImageFolderReader().outline(root);

        assertEquals(43, outline.classCount());
        assertEquals(new ImageShape(3, 10, 12), outline.shape());
        DatasetSplits loaded = new ImageFolderReader().read(root);
        assertEquals(loaded.numClasses(), outline.classCount(), "the outline agrees with a full read");
        assertEquals(loaded.shape(), outline.shape());
    }

    @Test
    void theLoaderOutlinesEveryKindWithoutLoadingIt() throws IOException {
        DatasetLoader loader = DatasetLoader.offline(tmp.resolve("cache"));
        Path root = classFolders(tmp.resolve("folder"), 5, 1, 8, 8);

        assertEquals(new DatasetOutline(5, new ImageShape(3, 8, 8)), loader.outline(DatasetSource.imageFolder(root.toString())));
        assertEquals(new DatasetOutline(10, ImageShape.CIFAR), loader.outline(new DatasetSource(DatasetSource.Kind.CIFAR10,
                tmp.resolve("absent.tar.gz").toString(), null)), "CIFAR's count is the format's: nothing is read");
        assertEquals(new DatasetOutline(100, ImageShape.CIFAR), loader.outline(new DatasetSource(DatasetSource.Kind.CIFAR100,
                null, null)));
        assertEquals(new DatasetOutline(7, new ImageShape(3, 12, 12)), loader.outline(DatasetSource.synthetic(
                new SyntheticDataset.Spec(7, 2, 2, 12, 1))));
    }

    @Test
    void trainAndTestWithDifferentClassesAreRefused() throws IOException {
        Path root = classFolders(tmp.resolve("uneven"), 3, 1, 8, 8);
        Files.createDirectories(root.resolve("train").resolve("class-extra"));
        write(root.resolve("train").resolve("class-extra").resolve("0.png"), 8, 8);

        InvalidDataException e = assertThrows(InvalidDataException.class, () -> new ImageFolderReader().outline(root));
        assertTrue(e.getMessage().contains("train and test splits have different classes"), e.getMessage());
    }

    /** {@code <root>/{train,test}/class-NN/<i>.png}: {@code classes} folders of {@code perClass} tiny PNGs each. */
    static Path classFolders(Path root, int classes, int perClass, int width, int height) throws IOException {
        for (String split : new String[] {"train", "test"}) {
            for (int c = 0; c < classes; c++) {
                for (int i = 0; i < perClass; i++) {
                    write(root.resolve(split).resolve(String.format("class-%02d", c)).resolve(i + ".png"), width, height);
                }
            }
        }
        return root;
    }

    private static void write(Path file, int width, int height) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, file.hashCode() & 0xFFFFFF);
        assertTrue(ImageIO.write(image, "png", file.toFile()));
    }
}
