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

    public ImageShape shape() {
        return train.shape();
    }

    public int numClasses() {
        return train.numClasses();
    }

    /**
     * Splits the test set once with a seeded permutation: the first {@code defenceSize} images of the
     * permutation form the defence split, the rest the evaluation split (paper: 8,000 / 2,000).
     */
    public DefenceSplit defenceSplit(int defenceSize, long seed) {
        return DefenceSplit.of(test, defenceSize, seed);
    }
}
