package dev.mesa.workflows;

/** The {@code status} values of the workflow results. */
public final class RunStatus {
    /** Still going (what the {@code currentResult} query says mid-run). */
    public static final String RUNNING = "running";
    /** Every step ran. */
    public static final String COMPLETED = "completed";
    /** Detection flagged no class: nothing was retrained. */
    public static final String NO_ATTACK = "no-attack";
    /** Cancelled: the {@code currentResult} query returns what finished before the cancellation. */
    public static final String CANCELLED = "cancelled";
    /** A sweep's trigger whose experiment failed; the result's {@code error} says why. */
    public static final String FAILED = "failed";

    private RunStatus() {}
}
