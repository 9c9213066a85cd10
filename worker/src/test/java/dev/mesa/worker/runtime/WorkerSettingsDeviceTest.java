package dev.mesa.worker.runtime;

import ai.djl.Device;
import dev.mesa.model.DeviceSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code --device} as the worker's settings carry it (the grammar itself: {@code DeviceSpecTest} in the core). */
class WorkerSettingsDeviceTest {
    @Test
    void workerSettingsCarryTheParsedDeviceToTheActivities() {
        WorkerSettings settings = new WorkerSettings("mesa", "gpu:1", 1, Path.of("store"), Path.of("cache"), null, null,
                50);
        assertEquals(DeviceSpec.gpu(1), settings.device());
        assertEquals(Device.gpu(1), settings.djlDevice());
        assertThrows(IllegalArgumentException.class, () -> new WorkerSettings("mesa", "gpu:one", 1, Path.of("store"),
                Path.of("cache"), null, null, 50));
    }
}
