package dev.mesa.worker.command;

import dev.mesa.model.DeviceSpec;
import dev.mesa.worker.runtime.WorkerLayout;
import dev.mesa.worker.runtime.WorkerSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options of a process that runs a worker: queue, device, slots, artifact store, caches, checkpoints. */
public final class WorkerOptions {
    @Option(names = "--task-queue", defaultValue = "mesa", description = "task queue to poll (default: ${DEFAULT-VALUE})")
    String taskQueue;

    @Option(names = "--device", defaultValue = "${env:MESA_DEVICE:-cpu}", converter = DeviceConverter.class,
            description = "device for the activities: " + DeviceSpec.FORMS + " (default: ${DEFAULT-VALUE}; env"
                    + " MESA_DEVICE); checked with one tensor operation at start-up")
    DeviceSpec device;

    @Option(names = "--layout", defaultValue = WorkerLayout.DEFAULT,
            description = "how activities share the cores: threads (one at a time on every core), slots (one per core,"
                    + " one PyTorch thread each) or auto (slots on CPUs of at most " + WorkerLayout.AUTO_SLOTS_MAX_CORES
                    + " cores); default: ${DEFAULT-VALUE}")
    String layout;

    @Option(names = "--max-concurrent-activities",
            description = "activities run at once (default: 1 with --layout threads, one per core with slots)")
    Integer maxConcurrentActivities;

    @Option(names = "--store", defaultValue = "${env:MESA_STORE:-${sys:user.home}/.mesa/store}",
            description = "artifact store directory, may be a shared volume (default: ${DEFAULT-VALUE})")
    Path store;

    @Option(names = "--cache", defaultValue = "${env:MESA_CACHE:-${sys:user.home}/.cache/mesa}",
            description = "dataset cache directory (default: ${DEFAULT-VALUE})")
    Path cache;

    @Option(names = "--cifar10", defaultValue = "${env:MESA_CIFAR10}",
            description = "local CIFAR-10 copy used when a request names none (env MESA_CIFAR10)")
    Path cifar10;

    @Option(names = "--cifar100", defaultValue = "${env:MESA_CIFAR100}",
            description = "local CIFAR-100 copy used when a request names none (env MESA_CIFAR100)")
    Path cifar100;

    @Option(names = "--checkpoint-every", defaultValue = "50",
            description = "training steps between checkpoints (default: ${DEFAULT-VALUE}; also at every epoch end)")
    int checkpointEvery;

    /** The layout these options ask for on this machine (see {@link WorkerLayout#resolve}). */
    public WorkerLayout layout() {
        return WorkerLayout.resolve(layout, maxConcurrentActivities, device.isGpu());
    }

    public WorkerSettings settings() {
        return new WorkerSettings(taskQueue, device, layout().slots(), store, cache, cifar10, cifar100, checkpointEvery);
    }
}
