package dev.mesa.workflows;

/**
 * Task queue names. Workflows and short activities run on {@link #DEFAULT}; the training activities run on the
 * queue named by the workflow input's {@code trainingTaskQueue} (default {@link #DEFAULT}), so a deployment can
 * point them at workers with accelerators ({@link #GPU}).
 */
public final class TaskQueues {
    /** Workflows, detection rule, evaluation, reports; and training unless redirected. */
    public static final String DEFAULT = "mesa";
    /** Conventional queue for workers with an accelerator, used when an input sets {@code trainingTaskQueue} to it. */
    public static final String GPU = "mesa-gpu";

    private TaskQueues() {}
}
