package dev.mesa.data;

import dev.mesa.random.Seeds;

import java.util.Arrays;

/**
 * The order in which one epoch visits a dataset: a seeded permutation that depends only on
 * {@code (seed, epoch)}, cut into batches. A run resumed at (epoch, step) sees exactly the batches an
 * uninterrupted run would have seen.
 */
public final class EpochPlan {
    private final int[] order;
    private final int batchSize;
    private final boolean dropLast;

    public EpochPlan(int datasetSize, int batchSize, boolean dropLast, long seed, int epoch) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (datasetSize < batchSize && dropLast) {
            throw new IllegalArgumentException("a dataset of " + datasetSize + " images has no full batch of "
                    + batchSize);
        }
        this.order = Seeds.permutation(datasetSize, Seeds.stream(seed, "epoch-order", epoch));
        this.batchSize = batchSize;
        this.dropLast = dropLast;
    }

    /** Steps per epoch for a dataset size and batch size. */
    public static int stepsPerEpoch(int datasetSize, int batchSize, boolean dropLast) {
        return dropLast ? datasetSize / batchSize : (datasetSize + batchSize - 1) / batchSize;
    }

    public int steps() {
        return stepsPerEpoch(order.length, batchSize, dropLast);
    }

    /** Dataset indices of batch {@code step}. */
    public int[] batch(int step) {
        if (step < 0 || step >= steps()) {
            throw new IndexOutOfBoundsException("step " + step + " of " + steps());
        }
        int from = step * batchSize;
        return Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
    }
}
