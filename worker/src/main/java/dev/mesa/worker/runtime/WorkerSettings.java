package dev.mesa.worker.runtime;

import ai.djl.Device;
import dev.mesa.model.DeviceSpec;

import java.nio.file.Path;

/**
 * What a worker runs and with what: its task queue, the device the activities compute on, how many activities may
 * run at once (default 1: two training loops on a 2-core machine only contend, PyTorch's threads busy-wait), the
 * artifact store and dataset cache directories, the local CIFAR copies used when a request names none, and the
 * checkpoint interval in steps.
 */
public record WorkerSettings(String taskQueue, DeviceSpec device, int maxConcurrentActivities, Path store, Path cache,
                             Path cifar10, Path cifar100, int checkpointEverySteps) {
    public WorkerSettings {
        if (taskQueue == null || taskQueue.isBlank()) {
            throw new IllegalArgumentException("--task-queue must not be blank");
        }
        if (device == null) {
            throw new IllegalArgumentException("--device must be " + DeviceSpec.FORMS);
        }
        if (maxConcurrentActivities < 1 || checkpointEverySteps < 1) {
            throw new IllegalArgumentException("--max-concurrent-activities and --checkpoint-every must be >= 1");
        }
    }

    /** The same with the device by name: {@code cpu}, {@code gpu} or {@code gpu:N} ({@link DeviceSpec#parse}). */
    public WorkerSettings(String taskQueue, String device, int maxConcurrentActivities, Path store, Path cache,
                          Path cifar10, Path cifar100, int checkpointEverySteps) {
        this(taskQueue, DeviceSpec.parse(device), maxConcurrentActivities, store, cache, cifar10, cifar100,
                checkpointEverySteps);
    }

    /** The DJL device every activity of this worker computes on ({@link MesaWorkerResources} hands it to them). */
    public Device djlDevice() {
        return device.djl();
    }
}
