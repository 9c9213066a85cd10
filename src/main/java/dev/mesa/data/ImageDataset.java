package dev.mesa.data;

import dev.mesa.checkpoint.Fingerprint;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Labelled images held compactly as unsigned bytes, one image after another in channel-major (CHW)
 * order. Immutable; subsets copy. Normalisation happens at batch time ({@link BatchAssembler}).
 */
public final class ImageDataset {
    private final String name;
    private final ImageShape shape;
    private final byte[] pixels;
    private final int[] labels;
    private final List<String> classNames;
    private volatile String digest;

    public ImageDataset(String name, ImageShape shape, byte[] pixels, int[] labels, List<String> classNames) {
        if (pixels.length != (long) labels.length * shape.values()) {
            throw new InvalidDataException(name + ": " + pixels.length + " pixel bytes do not hold "
                    + labels.length + " images of " + shape);
        }
        if (classNames.isEmpty()) {
            throw new InvalidDataException(name + ": no classes");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new InvalidDataException(name + ": image " + i + " has label " + labels[i]
                        + " outside 0.." + (classNames.size() - 1));
            }
        }
        this.name = name;
        this.shape = shape;
        this.pixels = pixels;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
    }

    public String name() {
        return name;
    }

    public ImageShape shape() {
        return shape;
    }

    public int size() {
        return labels.length;
    }

    public int numClasses() {
        return classNames.size();
    }

    public List<String> classNames() {
        return classNames;
    }

    public int label(int index) {
        return labels[index];
    }

    /** The backing array (not a copy: read only). */
    byte[] pixelData() {
        return pixels;
    }

    /** Copies image {@code index} into {@code target} at {@code offset}. */
    public void copyImage(int index, byte[] target, int offset) {
        System.arraycopy(pixels, index * shape.values(), target, offset, shape.values());
    }

    /** Unsigned pixel value at (image, channel, row, column). */
    public int pixel(int index, int channel, int row, int column) {
        return pixels[index * shape.values() + channel * shape.pixels() + row * shape.width() + column] & 0xFF;
    }

    /** The images at {@code indices}, in that order, as a new dataset. */
    public ImageDataset subset(String subsetName, int[] indices) {
        int v = shape.values();
        byte[] p = new byte[indices.length * v];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * v, p, i * v, v);
            l[i] = labels[indices[i]];
        }
        return new ImageDataset(subsetName, shape, p, l, classNames);
    }

    /** Every image resized to {@code height x width} with {@link ImageResizer}; this if it already has that size. */
    public ImageDataset resizedTo(int height, int width) {
        if (shape.height() == height && shape.width() == width) {
            return this;
        }
        ImageShape target = new ImageShape(shape.channels(), height, width);
        byte[] p = new byte[Math.toIntExact((long) size() * target.values())];
        IntStream.range(0, size()).parallel().forEach(i -> ImageResizer.resize(pixels, i * shape.values(),
                shape.channels(), shape.height(), shape.width(), p, i * target.values(), height, width));
        return new ImageDataset(name + " resized to " + height + "x" + width, target, p, labels.clone(), classNames);
    }

    /** Number of images per class. */
    public int[] classCounts() {
        int[] counts = new int[numClasses()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** Indices of images whose label differs from {@code excludedClass}. */
    public int[] indicesExcludingClass(int excludedClass) {
        return IntStream.range(0, size()).filter(i -> labels[i] != excludedClass).toArray();
    }

    /**
     * A digest of the images, labels and class names (computed once): checkpoints name their dataset by it, so
     * a changed image is noticed while a moved or re-extracted copy of the same data is not a new dataset.
     */
    public String contentDigest() {
        String d = digest;
        if (d == null) {
            d = ContentDigest.of(pixels, labels, classNames);
            digest = d;
        }
        return d;
    }

    /** Size, shape, classes and content digest, for checkpoints ({@link Fingerprint}). */
    public Fingerprint fingerprint() {
        return Fingerprint.of("dataset").with("name", name).with("size", size()).with("channels", shape.channels())
                .with("height", shape.height()).with("width", shape.width()).with("classes", numClasses())
                .with("sha256", contentDigest());
    }

    @Override
    public String toString() {
        return name + " (" + size() + " images " + shape + ", " + numClasses() + " classes, sha256 " + contentDigest() + ")";
    }
}
