package dev.mesa.worker.runtime;

import ai.djl.Device;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * What a worker runs and with what: its task queue, the device the activities compute on ({@code cpu}, {@code gpu},
 * {@code gpu:N}), how many activities may run at once (default 1: two training loops on a 2-core machine only
 * contend, PyTorch's threads busy-wait), the artifact store and dataset cache directories, the local CIFAR copies
 * used when a request names none, and the checkpoint interval in steps.
 */
public record WorkerSettings(String taskQueue, String device, int maxConcurrentActivities, Path store, Path cache,
                             Path cifar10, Path cifar100, int checkpointEverySteps) {
    private static final Pattern DEVICE = Pattern.compile("cpu|gpu|gpu:\\d+");

    public WorkerSettings {
        if (taskQueue == null || taskQueue.isBlank()) {
            throw new IllegalArgumentException("--task-queue must not be blank");
        }
        if (device == null || !DEVICE.matcher(device).matches()) {
            throw new IllegalArgumentException("--device must be cpu, gpu or gpu:N, got '" + device + "'");
        }
        if (maxConcurrentActivities < 1 || checkpointEverySteps < 1) {
            throw new IllegalArgumentException("--max-concurrent-activities and --checkpoint-every must be >= 1");
        }
    }

    public Device djlDevice() {
        return Device.fromName(device);
    }
}
