package dev.mesa.trigger;

/** Where a trigger is pasted in each image of a batch. */
public enum StampingRule {
    /** One random location shared by the whole batch (the paper's rule during trigger search). */
    ONE_LOCATION_PER_BATCH,
    /** An independent random location for every image (attack, retraining and evaluation). */
    PER_SAMPLE,
    /** Always the bottom-right corner. */
    FIXED_CORNER,
    /**
     * One random location shared by the whole batch, drawn only where the trigger keeps a margin of its own size
     * from every border (trigger search, gap experiment 2: locations where the model hardly responds are left out).
     */
    INTERIOR_PER_BATCH
}
