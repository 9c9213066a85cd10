package dev.mesa.data;

import dev.mesa.random.Seeds;

import java.util.Arrays;

/** The paper's once-only split of the test set: defence images (modelling, retraining) and evaluation images. */
public record DefenseSplit(ImageDataset defense, ImageDataset evaluation) {
    /** Default fraction used when a test set is smaller than the paper's 10,000 images. */
    public static final double PAPER_DEFENSE_FRACTION = 0.8;

    public static DefenseSplit of(ImageDataset test, int defenseSize, long seed) {
        if (defenseSize < 1 || defenseSize >= test.size()) {
            throw new IllegalArgumentException("defence split size must be in 1.." + (test.size() - 1)
                    + " for a test set of " + test.size() + " images, got " + defenseSize);
        }
        int[] perm = Seeds.permutation(test.size(), Seeds.stream(seed, "defence-split"));
        int[] defense = Arrays.copyOfRange(perm, 0, defenseSize);
        int[] evaluation = Arrays.copyOfRange(perm, defenseSize, perm.length);
        return new DefenseSplit(test.subset(test.name() + "/defence", defense),
                test.subset(test.name() + "/evaluation", evaluation));
    }

    /** The paper's 80/20 split (8,000 / 2,000 on CIFAR's 10,000 test images). */
    public static DefenseSplit paper(ImageDataset test, long seed) {
        return of(test, (int) Math.round(test.size() * PAPER_DEFENSE_FRACTION), seed);
    }
}
