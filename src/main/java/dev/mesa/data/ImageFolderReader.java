package dev.mesa.data;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Reads {@code <root>/<split>/<class>/<image>.jpg|png} like torchvision's ImageFolder: classes are the
 * sub-folder names sorted by name; images in a class are sorted by file name. Every image must have the
 * same size; images are stored as RGB.
 */
public final class ImageFolderReader {
    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png");

    /** Reads the {@code train} and {@code test} splits below {@code root}. */
    public DatasetSplits read(Path root) {
        if (!Files.isDirectory(root)) {
            throw InvalidDataException.at(root, "not a directory (expected <root>/train/<class>/ and <root>/test/<class>/)");
        }
        ImageDataset train = readSplit(root, "train");
        ImageDataset test = readSplit(root, "test");
        return DatasetSplits.of(train, test);
    }

    /**
     * The class count and image shape below {@code root}, without reading the images: the class folders of
     * {@code train} (which {@code test} must match) and the size of the first training image.
     */
    public DatasetOutline outline(Path root) {
        if (!Files.isDirectory(root)) {
            throw InvalidDataException.at(root, "not a directory (expected <root>/train/<class>/ and <root>/test/<class>/)");
        }
        List<Path> trainClasses = classFolders(root, "train");
        List<String> trainNames = names(trainClasses);
        List<String> testNames = names(classFolders(root, "test"));
        if (!trainNames.equals(testNames)) {
            throw new InvalidDataException(root + ": train and test splits have different classes: " + trainNames
                    + " vs " + testNames);
        }
        Path first = images(trainClasses.get(0)).get(0);
        return new DatasetOutline(trainNames.size(), shapeOf(first, decode(first)));
    }

    /** Reads one split folder. */
    public ImageDataset readSplit(Path root, String split) {
        List<Path> classDirs = classFolders(root, split);
        List<String> classNames = names(classDirs);
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classDirs.size(); c++) {
            for (Path image : images(classDirs.get(c))) {
                files.add(image);
                labels.add(c);
            }
        }
        ImageShape shape = shapeOf(files.get(0), decode(files.get(0)));
        int values = shape.values();
        byte[] pixels = new byte[Math.toIntExact((long) files.size() * values)];
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            Path file = files.get(i);
            BufferedImage image = decode(file);
            if (image.getHeight() != shape.height() || image.getWidth() != shape.width()) {
                throw InvalidDataException.at(file, "wrong image size " + image.getWidth() + "x" + image.getHeight()
                        + ", expected " + shape.width() + "x" + shape.height() + " like " + files.get(0).getFileName());
            }
            writeChw(image, pixels, i * values);
        });
        return new ImageDataset(root.getFileName() + "/" + split, shape, pixels,
                labels.stream().mapToInt(Integer::intValue).toArray(), classNames);
    }

    /** The class folders of a split, sorted by name. */
    private static List<Path> classFolders(Path root, String split) {
        Path dir = root.resolve(split);
        if (!Files.isDirectory(dir)) {
            throw InvalidDataException.at(dir, "missing split folder '" + split + "'");
        }
        List<Path> classDirs = list(dir).stream().filter(Files::isDirectory).sorted().toList();
        if (classDirs.isEmpty()) {
            throw InvalidDataException.at(dir, "no class folders");
        }
        return classDirs;
    }

    private static List<String> names(List<Path> classDirs) {
        return classDirs.stream().map(d -> d.getFileName().toString()).toList();
    }

    /** The images of a class folder, sorted by file name; refuses an empty one. */
    private static List<Path> images(Path classDir) {
        List<Path> images = list(classDir).stream().filter(ImageFolderReader::isImage).sorted().toList();
        if (images.isEmpty()) {
            throw InvalidDataException.at(classDir, "empty class folder (no .jpg/.jpeg/.png files)");
        }
        return images;
    }

    private static ImageShape shapeOf(Path file, BufferedImage image) {
        return new ImageShape(3, image.getHeight(), image.getWidth());
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new InvalidDataException(dir + ": cannot be listed: " + e.getMessage(), e);
        }
    }

    private static BufferedImage decode(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidDataException(file + ": cannot be read: " + e.getMessage(), e);
        }
        if (isJpeg(bytes) && !endsWithJpegEndMarker(bytes)) {
            throw InvalidDataException.at(file, "truncated JPEG (no end-of-image marker)");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new InvalidDataException(file + ": corrupt or truncated image (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw InvalidDataException.at(file, "not a decodable image (unknown format)");
        }
        return image;
    }

    private static boolean isJpeg(byte[] b) {
        return b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8;
    }

    private static boolean endsWithJpegEndMarker(byte[] b) {
        // Some encoders pad after EOI; accept the marker within the last few bytes.
        for (int i = b.length - 2; i >= Math.max(2, b.length - 16); i--) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    private static void writeChw(BufferedImage image, byte[] target, int offset) {
        int h = image.getHeight();
        int w = image.getWidth();
        int plane = h * w;
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int p = 0; p < plane; p++) {
            int v = rgb[p];
            target[offset + p] = (byte) (v >> 16);
            target[offset + plane + p] = (byte) (v >> 8);
            target[offset + 2 * plane + p] = (byte) v;
        }
    }
}
