package dev.mesa.worker.runtime;

import dev.mesa.training.TorchThreads;
import io.temporal.common.interceptors.WorkerInterceptor;

import java.util.List;

/**
 * How a worker uses the CPU cores it has: {@link #THREADS} runs one activity at a time on every core (PyTorch's
 * intra-op threads = cores, the launcher's setting), {@link #SLOTS} runs one activity per core side by side, each on
 * one PyTorch thread, and {@link #AUTO} (the default) picks slots on small CPUs (at most {@link #AUTO_SLOTS_MAX_CORES}
 * cores) and threads otherwise, on a GPU, or when the user set a PyTorch thread count other than 1. On 2 cores, two
 * units side by side on one thread each beat one unit at a time on two threads by about 10% ({@code bench/layout.sh},
 * docs/PERFORMANCE.md "Using both cores"). Results do not depend on
 * how many activities run at once, but PyTorch's float reductions do depend on the thread count: a run on one thread
 * and the same run on two are not bit-identical (docs/PERFORMANCE.md).
 *
 * A slots worker gives a unit the workflow marked wide ({@link dev.mesa.workflows.activity.UnitWidth}: the only unit
 * of its stage, such as the one continued detection class or an audit's one retraining) every core instead of one,
 * on that activity's thread only ({@link UnitThreadsInterceptor}); the mark comes from the workflow, so which units run
 * wide never depends on timing. A PyTorch thread count of 1 set by the user holds for wide units too.
 *
 * @param name         the layout asked for
 * @param slots        activities run at once
 * @param torchThreads PyTorch intra-op threads of an activity, or null to keep the JVM's setting
 * @param wideThreads  PyTorch intra-op threads of an activity marked wide, or null to keep the JVM's setting
 */
public record WorkerLayout(String name, int slots, Integer torchThreads, Integer wideThreads) {
    public static final String THREADS = "threads";
    public static final String SLOTS = "slots";
    public static final String AUTO = "auto";
    public static final List<String> NAMES = List.of(THREADS, SLOTS, AUTO);
    /** The worker's layout when none is given: slots on small CPUs, where they measured faster, threads elsewhere. */
    public static final String DEFAULT = AUTO;
    /** {@link #AUTO} runs slots on machines with at most this many cores (measured on 2; 4 is not measured). */
    public static final int AUTO_SLOTS_MAX_CORES = 4;
    /** Set by the launcher when it chose the PyTorch thread count itself (so a layout may change it). */
    public static final String LAUNCHER_THREADS_PROPERTY = "mesa.launcher.threads";
    static final String TORCH_THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

    /**
     * The layout {@code layout} means here.
     *
     * @param slotsGiven  {@code --max-concurrent-activities}, or null to let the layout decide
     * @param cores       CPU cores available to this process
     * @param gpu         whether the activities run on a GPU (auto then keeps one activity at a time)
     * @param userThreads a PyTorch thread count the user set explicitly, or null
     */
    public static WorkerLayout resolve(String layout, Integer slotsGiven, int cores, boolean gpu, Integer userThreads) {
        if (!NAMES.contains(layout)) {
            throw new IllegalArgumentException("--layout must be one of " + NAMES + ", got " + layout);
        }
        if (slotsGiven != null && slotsGiven < 1) {
            throw new IllegalArgumentException("--max-concurrent-activities must be >= 1, got " + slotsGiven);
        }
        boolean userChoseThreads = userThreads != null && userThreads != 1;
        boolean slots = layout.equals(SLOTS)
                || (layout.equals(AUTO) && !gpu && cores <= AUTO_SLOTS_MAX_CORES && !userChoseThreads);
        if (!slots) {
            return new WorkerLayout(layout, slotsGiven != null ? slotsGiven : 1, null, null);
        }
        if (userChoseThreads) {
            throw new IllegalArgumentException("--layout " + layout + " runs each activity on one PyTorch thread, but "
                    + TORCH_THREADS_PROPERTY + "=" + userThreads + " was set: remove it, or use --layout threads");
        }
        // A thread count the user pinned (1) holds for wide units too: one thread for every unit, as asked.
        return new WorkerLayout(layout, slotsGiven != null ? slotsGiven : Math.max(1, cores), 1,
                userThreads != null ? userThreads : Math.max(1, cores));
    }

    /** The layout of this process: its core count and whether the launcher or the user set the thread count. */
    public static WorkerLayout resolve(String layout, Integer slotsGiven, boolean gpu) {
        Integer userThreads = Boolean.getBoolean(LAUNCHER_THREADS_PROPERTY) ? null : Integer.getInteger(TORCH_THREADS_PROPERTY);
        return resolve(layout, slotsGiven, Runtime.getRuntime().availableProcessors(), gpu, userThreads);
    }

    /**
     * Sets PyTorch's intra-op thread count when this layout has one: before the engine loads (it reads the property
     * once) and on the loaded engine (threads started later, such as the activities' threads, use it).
     */
    public void applyTorchThreads() {
        if (torchThreads == null) {
            return;
        }
        System.setProperty(TORCH_THREADS_PROPERTY, Integer.toString(torchThreads));
        TorchThreads.setOnThisThread(torchThreads); // loads the engine; also the count later threads start from
    }

    /**
     * What the worker adds to its activities for this layout: under slots, every activity sets its own thread's
     * PyTorch count as it starts (wide units {@link #wideThreads}, the others {@link #torchThreads}); none otherwise,
     * or when both counts are the same.
     */
    public WorkerInterceptor[] interceptors() {
        return torchThreads == null || torchThreads.equals(wideThreads) ? new WorkerInterceptor[0]
                : new WorkerInterceptor[] {new UnitThreadsInterceptor(torchThreads, wideThreads)};
    }

    /**
     * The slot count this worker reports to the workflows (through {@code describeInputs}) when it widens units, so
     * that a stage whose last unit would run alone holds it back and marks it wide; null when it does not widen
     * units (no interceptor: the threads layout, or a pinned count of 1).
     */
    public Integer wideSlots() {
        return interceptors().length > 0 ? slots : null;
    }

    /** For logs: {@code threads: 1 activity slot(s), PyTorch threads as configured}. */
    public String describe() {
        return name + ": " + slots + " activity slot(s), " + (torchThreads != null ? torchThreads + " PyTorch thread(s)"
                + " each" + (wideThreads != null ? " (" + wideThreads + " for a unit marked wide)" : "")
                : "PyTorch threads as configured (" + System.getProperty(TORCH_THREADS_PROPERTY, "default") + ")");
    }
}
