package dev.mesa.data;

/**
 * A dataset's training and test splits plus the normalisation computed from the training split, and the
 * paper's partition of the test split into a defence part (trigger modelling and retraining) and an
 * evaluation part.
 */
public record DatasetSplits(ImageDataset train, ImageDataset test, Normalization normalization) {
    public DatasetSplits {
        if (!train.shape().equals(test.shape())) {
            throw new InvalidDataException("train images are " + train.shape() + " but test images are " + test.shape());
        }
        if (!train.classNames().equals(test.classNames())) {
            throw new InvalidDataException("train and test splits have different classes: "
                    + train.classNames() + " vs " + test.classNames());
        }
    }

    public static DatasetSplits of(ImageDataset train, ImageDataset test) {
        return new DatasetSplits(train, test, Normalization.of(train));
    }

    /**
     * Test images only, as the defence of a given model needs (the paper's setting): the training split is
     * empty (with the same classes and shape) and the normalisation is computed from the test images, for
     * a model that does not bring its own. Training on it fails at once.
     */
    public static DatasetSplits testOnly(ImageDataset test) {
        ImageDataset train = new ImageDataset(test.name() + " (no training images)", test.shape(), new byte[0],
                new int[0], test.classNames());
        return new DatasetSplits(train, test, Normalization.of(test));
    }

    /** Whether there are training images (a test-only image folder has none). */
    public boolean hasTrainingImages() {
        return train.size() > 0;
    }

    /** Both splits with every image resized to {@code size x size} ({@link ImageResizer}); this if they already are. */
    public DatasetSplits resizedTo(int size) {
        if (shape().height() == size && shape().width() == size) {
            return this;
        }
        ImageDataset resizedTest = test.resizedTo(size, size);
        return hasTrainingImages() ? of(train.resizedTo(size, size), resizedTest) : testOnly(resizedTest);
    }

    public ImageShape shape() {
        return train.shape();
    }

    public int numClasses() {
        return train.numClasses();
    }

    /**
     * Splits the test set once with a seeded permutation: the first {@code defenseSize} images of the
     * permutation form the defence split, the rest the evaluation split (paper: 8,000 / 2,000).
     */
    public DefenseSplit defenseSplit(int defenseSize, long seed) {
        return DefenseSplit.of(test, defenseSize, seed);
    }
}
