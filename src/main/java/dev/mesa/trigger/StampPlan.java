package dev.mesa.trigger;

import java.util.SplittableRandom;

/**
 * Where (and whether) a trigger of size {@code h × w} is pasted into each image of a batch: a top-left
 * row and column per image, and a flag per image. Drawn on the host from a seeded stream.
 */
public record StampPlan(int imageHeight, int imageWidth, int triggerHeight, int triggerWidth,
                        int[] rows, int[] columns, boolean[] stamped) {
    public StampPlan {
        if (triggerHeight > imageHeight || triggerWidth > imageWidth) {
            throw new IllegalArgumentException("a " + triggerHeight + "x" + triggerWidth + " trigger does not fit a "
                    + imageHeight + "x" + imageWidth + " image");
        }
        if (rows.length != columns.length || rows.length != stamped.length) {
            throw new IllegalArgumentException("one location and flag per image");
        }
    }

    /** Every image stamped, locations by {@code rule}. */
    public static StampPlan all(StampingRule rule, int batch, int imageHeight, int imageWidth,
                                int triggerHeight, int triggerWidth, SplittableRandom random) {
        return draw(rule, batch, imageHeight, imageWidth, triggerHeight, triggerWidth, 1.0, random);
    }

    /**
     * Each image stamped with probability {@code ratio} (exactly all when {@code ratio >= 1}); locations by
     * {@code rule}. Locations are drawn for every image, stamped or not, so the stream's use does not
     * depend on the flags.
     */
    public static StampPlan draw(StampingRule rule, int batch, int imageHeight, int imageWidth,
                                 int triggerHeight, int triggerWidth, double ratio, SplittableRandom random) {
        if (triggerHeight > imageHeight || triggerWidth > imageWidth) {
            throw new IllegalArgumentException("a " + triggerHeight + "x" + triggerWidth + " trigger does not fit a "
                    + imageHeight + "x" + imageWidth + " image");
        }
        int maxRow = imageHeight - triggerHeight;
        int maxCol = imageWidth - triggerWidth;
        int[] rows = new int[batch];
        int[] cols = new int[batch];
        boolean[] stamped = new boolean[batch];
        int sharedRow;
        int sharedCol;
        if (rule == StampingRule.INTERIOR_PER_BATCH) {
            int rowMargin = triggerHeight;
            int colMargin = triggerWidth;
            if (maxRow < 2 * rowMargin || maxCol < 2 * colMargin) {
                throw new IllegalArgumentException("a " + triggerHeight + "x" + triggerWidth + " trigger has no interior"
                        + " location (a margin of its own size from every border) in a " + imageHeight + "x"
                        + imageWidth + " image");
            }
            sharedRow = rowMargin + random.nextInt(maxRow - 2 * rowMargin + 1);
            sharedCol = colMargin + random.nextInt(maxCol - 2 * colMargin + 1);
        } else {
            sharedRow = random.nextInt(maxRow + 1);
            sharedCol = random.nextInt(maxCol + 1);
        }
        for (int i = 0; i < batch; i++) {
            int r = random.nextInt(maxRow + 1);
            int c = random.nextInt(maxCol + 1);
            switch (rule) {
                case ONE_LOCATION_PER_BATCH, INTERIOR_PER_BATCH -> {
                    rows[i] = sharedRow;
                    cols[i] = sharedCol;
                }
                case PER_SAMPLE -> {
                    rows[i] = r;
                    cols[i] = c;
                }
                case FIXED_CORNER -> {
                    rows[i] = maxRow;
                    cols[i] = maxCol;
                }
            }
            double u = random.nextDouble();
            stamped[i] = ratio >= 1.0 || u < ratio;
        }
        return new StampPlan(imageHeight, imageWidth, triggerHeight, triggerWidth, rows, cols, stamped);
    }

    public int batchSize() {
        return rows.length;
    }

    public int stampedCount() {
        int n = 0;
        for (boolean s : stamped) {
            n += s ? 1 : 0;
        }
        return n;
    }
}
