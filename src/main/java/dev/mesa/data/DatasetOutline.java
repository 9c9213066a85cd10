package dev.mesa.data;

/**
 * What a dataset is made of, known without loading its images: how many classes and the shape of every image.
 * {@link DatasetLoader#outline} gives it for any source; {@link ImageFolderReader#outline} reads it from an image
 * folder's class folders and one image.
 */
public record DatasetOutline(int classCount, ImageShape shape) {
    public DatasetOutline {
        if (classCount < 1 || shape == null) {
            throw new IllegalArgumentException("a dataset outline needs at least one class and an image shape, got "
                    + classCount + " classes of " + shape);
        }
    }
}
