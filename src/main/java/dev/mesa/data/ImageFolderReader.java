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
 * Reads image folders like torchvision's ImageFolder: classes are the sub-folder names sorted by name;
 * images in a class are sorted by file name; JPEG, PNG and PPM/PGM/PNM files; every image is stored as RGB
 * (grey images replicated, alpha dropped, as PIL's {@code convert("RGB")}). Two layouts:
 * <ul>
 *   <li>{@code <root>/train/<class>/*} and {@code <root>/test/<class>/*}: both splits;</li>
 *   <li>{@code <root>/<class>/*} (no {@code train/} or {@code test/}): test images only, which is all the
 *       defence needs (see {@link DatasetSplits#testOnly}).</li>
 * </ul>
 * Without a target size every image must have the size of the first; {@link #resizingTo} resizes every
 * image of another size with {@link ImageResizer} (Pillow's bilinear resize, as torchvision's
 * {@code Resize((n, n))}). A corrupt or unreadable image, an empty class folder or a wrong size fails
 * naming the file.
 */
public final class ImageFolderReader {
    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".ppm", ".pgm", ".pnm");
    private static final List<String> SPLITS = List.of("train", "test");

    private final int targetSize;

    /** A reader that keeps the images' own size (all images must share it). */
    public ImageFolderReader() {
        this(0);
    }

    private ImageFolderReader(int targetSize) {
        this.targetSize = targetSize;
    }

    /** A reader that resizes every image to {@code size x size} (a classifier's input size). */
    public static ImageFolderReader resizingTo(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + size);
        }
        return new ImageFolderReader(size);
    }

    /** Reads the {@code train} and {@code test} splits below {@code root}, or its class folders as test images. */
    public DatasetSplits read(Path root) {
        if (!Files.isDirectory(root)) {
            throw InvalidDataException.at(root, "not a directory (expected <root>/train/<class>/ and"
                    + " <root>/test/<class>/, or <root>/<class>/ for test images only)");
        }
        if (SPLITS.stream().noneMatch(split -> Files.exists(root.resolve(split)))) {
            return DatasetSplits.testOnly(readClasses(classFolders(root), root.getFileName() + "/test"));
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
            throw InvalidDataException.at(root, "not a directory (expected <root>/train/<class>/ and"
                    + " <root>/test/<class>/, or <root>/<class>/ for test images only)");
        }
        if (SPLITS.stream().noneMatch(split -> Files.exists(root.resolve(split)))) {
            List<Path> classes = classFolders(root);
            Path first = images(classes.get(0)).get(0);
            return new DatasetOutline(classes.size(), outlineShape(first));
        }
        List<Path> trainClasses = classFolders(splitFolder(root, "train"));
        List<String> trainNames = names(trainClasses);
        List<String> testNames = names(classFolders(splitFolder(root, "test")));
        if (!trainNames.equals(testNames)) {
            throw new InvalidDataException(root + ": train and test splits have different classes: " + trainNames
                    + " vs " + testNames);
        }
        return new DatasetOutline(trainNames.size(), outlineShape(images(trainClasses.get(0)).get(0)));
    }

    /** The shape the images will have once read: the target size if any, else the first image's own. */
    private ImageShape outlineShape(Path first) {
        return targetSize > 0 ? new ImageShape(3, targetSize, targetSize) : shapeOf(decode(first));
    }

    /** Reads one split folder. */
    public ImageDataset readSplit(Path root, String split) {
        return readClasses(classFolders(splitFolder(root, split)), root.getFileName() + "/" + split);
    }

    private ImageDataset readClasses(List<Path> classDirs, String name) {
        List<String> classNames = names(classDirs);
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classDirs.size(); c++) {
            for (Path image : images(classDirs.get(c))) {
                files.add(image);
                labels.add(c);
            }
        }
        ImageShape shape = targetSize > 0 ? new ImageShape(3, targetSize, targetSize) : shapeOf(decode(files.get(0)));
        int values = shape.values();
        byte[] pixels = new byte[Math.toIntExact((long) files.size() * values)];
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            Path file = files.get(i);
            BufferedImage image = decode(file);
            if (image.getHeight() == shape.height() && image.getWidth() == shape.width()) {
                writeChw(image, pixels, i * values);
            } else if (targetSize > 0) {
                byte[] original = new byte[3 * image.getHeight() * image.getWidth()];
                writeChw(image, original, 0);
                ImageResizer.resize(original, 0, 3, image.getHeight(), image.getWidth(), pixels, i * values,
                        shape.height(), shape.width());
            } else {
                throw InvalidDataException.at(file, "wrong image size " + image.getWidth() + "x" + image.getHeight()
                        + ", expected " + shape.width() + "x" + shape.height() + " like " + files.get(0).getFileName()
                        + " (or resize the images to the model's input size)");
            }
        });
        return new ImageDataset(name, shape, pixels, labels.stream().mapToInt(Integer::intValue).toArray(), classNames);
    }

    private static Path splitFolder(Path root, String split) {
        Path dir = root.resolve(split);
        if (!Files.isDirectory(dir)) {
            throw InvalidDataException.at(dir, "missing split folder '" + split + "'");
        }
        return dir;
    }

    /** The class folders below {@code dir}, sorted by name; refuses a folder without any. */
    private static List<Path> classFolders(Path dir) {
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
            throw InvalidDataException.at(classDir, "empty class folder (no " + String.join("/", EXTENSIONS)
                    + " files)");
        }
        return images;
    }

    private static ImageShape shapeOf(BufferedImage image) {
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
