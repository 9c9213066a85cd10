package dev.mesa.workflows;

/** The {@code status} values of the workflow results. */
public final class RunStatus {
    /** Every step ran. */
    public static final String COMPLETED = "completed";
    /** Detection flagged no class: nothing was retrained. */
    public static final String NO_ATTACK = "no-attack";
    /** Cancelled: the result holds what finished before the cancellation. */
    public static final String CANCELLED = "cancelled";
    /** A sweep's trigger whose experiment failed; the result's {@code error} says why. */
    public static final String FAILED = "failed";

    private RunStatus() {}
}
