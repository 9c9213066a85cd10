package dev.mesa.data;

import dev.mesa.random.Seeds;

import java.util.Arrays;

/** The paper's once-only split of the test set: defence images (modelling, retraining) and evaluation images. */
public record DefenseSplit(ImageDataset defence, ImageDataset evaluation) {
    /** Default fraction used when a test set is smaller than the paper's 10,000 images. */
    public static final double PAPER_DEFENCE_FRACTION = 0.8;

    public static DefenseSplit of(ImageDataset test, int defenceSize, long seed) {
        if (defenceSize < 1 || defenceSize >= test.size()) {
            throw new IllegalArgumentException("defence split size must be in 1.." + (test.size() - 1)
                    + " for a test set of " + test.size() + " images, got " + defenceSize);
        }
        int[] perm = Seeds.permutation(test.size(), Seeds.stream(seed, "defence-split"));
        int[] defence = Arrays.copyOfRange(perm, 0, defenceSize);
        int[] evaluation = Arrays.copyOfRange(perm, defenceSize, perm.length);
        return new DefenseSplit(test.subset(test.name() + "/defence", defence),
                test.subset(test.name() + "/evaluation", evaluation));
    }

    /** The paper's 80/20 split (8,000 / 2,000 on CIFAR's 10,000 test images). */
    public static DefenseSplit paper(ImageDataset test, long seed) {
        return of(test, (int) Math.round(test.size() * PAPER_DEFENCE_FRACTION), seed);
    }
}
