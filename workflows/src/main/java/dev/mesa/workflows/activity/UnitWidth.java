package dev.mesa.workflows.activity;

/**
 * A request the workflow may mark wide: the only unit of its stage, so nothing of the same run can run beside it.
 * A worker that runs one PyTorch thread per activity slot gives a wide unit every core instead (docs/PERFORMANCE.md,
 * "Using both cores"). The mark is a scheduling hint from the workflow's own state, so it is the same on every
 * attempt and replay; it is not part of which run a request names (run keys do not record thread counts).
 */
public interface UnitWidth {
    /** The request field that holds the mark. */
    String WIDE = "wide";

    /** True when the workflow marked this unit wide; null or false: one slot's share. */
    Boolean wide();

    /** Whether this unit was marked wide. */
    default boolean runsWide() {
        return Boolean.TRUE.equals(wide());
    }
}
