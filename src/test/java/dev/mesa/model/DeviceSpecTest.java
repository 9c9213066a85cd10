package dev.mesa.model;

import ai.djl.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --device}'s grammar (cpu, gpu, gpu:N in any case, nothing else) and its mapping to DJL's devices. */
class DeviceSpecTest {
    @Test
    void cpuIsDjlsCpu() {
        DeviceSpec cpu = DeviceSpec.parse("cpu");
        assertFalse(cpu.isGpu());
        assertEquals(Device.cpu(), cpu.djl());
        assertEquals("cpu", cpu.toString());
        assertThrows(IllegalStateException.class, cpu::gpuIndex);
    }

    @Test
    void aBareGpuIsTheFirstGpuNotDjlsIdMinusOne() {
        DeviceSpec gpu = DeviceSpec.parse("gpu");
        assertEquals(DeviceSpec.gpu(0), gpu);
        assertEquals(Device.gpu(0), gpu.djl());
        assertEquals(0, gpu.djl().getDeviceId());
        assertEquals("gpu:0", gpu.toString());
    }

    @Test
    void gpuColonNIsDjlsGpuN() {
        assertEquals(Device.gpu(0), DeviceSpec.parse("gpu:0").djl());
        assertEquals(Device.gpu(1), DeviceSpec.parse("gpu:1").djl());
        assertEquals(1, DeviceSpec.parse("gpu:1").gpuIndex());
        assertEquals(Device.gpu(12), DeviceSpec.parse("gpu:12").djl());
    }

    @Test
    void caseDoesNotMatter() {
        assertEquals(DeviceSpec.gpu(2), DeviceSpec.parse("GPU:2"));
        assertEquals(DeviceSpec.gpu(0), DeviceSpec.parse("Gpu"));
        assertEquals(DeviceSpec.cpu(), DeviceSpec.parse("CPU"));
    }

    @Test
    void theCanonicalNameParsesBack() {
        for (DeviceSpec d : new DeviceSpec[] {DeviceSpec.cpu(), DeviceSpec.gpu(0), DeviceSpec.gpu(3)}) {
            assertEquals(d, DeviceSpec.parse(d.toString()));
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"gpu:-1", "gpu:x", "tpu", "gpu:", "gpu1", "cuda:0", "cuda", " gpu", "gpu ", "gpu:+1",
            "gpu:1.5", "cpu:0", "gpu:0:1", "gpu+cpu", "1", "gpu:99999999999"})
    void anythingElseIsRefusedWithTheAcceptedForms(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse(name));
        assertTrue(e.getMessage().contains(DeviceSpec.FORMS), e.getMessage());
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    }

    @Test
    void aNegativeGpuIndexIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DeviceSpec.gpu(-1));
    }
}
