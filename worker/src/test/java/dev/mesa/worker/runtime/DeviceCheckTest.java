package dev.mesa.worker.runtime;

import dev.mesa.model.DeviceSpec;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The start-up check: one tensor operation on the device. On the real engine for the CPU and for a GPU the engine
 * does not have (the index one past the GPUs it sees, so these hold on any machine, with or without GPUs), and the
 * messages for the other cases from synthetic engine facts.
 */
class DeviceCheckTest {
    private static EngineFacts engine(boolean cudaBuild, int gpus, String cuda) {
        return new EngineFacts("PyTorch", "2.7.1", "0.36.0", "/opt/libtorch/lib", cudaBuild, gpus, cuda, 2, 1);
    }

    @Test
    void theCpuComputes() {
        assertEquals(Optional.empty(), DeviceCheck.problem(DeviceSpec.cpu()));
        DeviceCheck.require(DeviceSpec.cpu());
    }

    @Test
    void aGpuTheEngineDoesNotSeeIsRefusedWithTheCountItSees() {
        EngineFacts facts = EngineFacts.read();
        DeviceSpec missing = DeviceSpec.gpu(facts.gpuCount());
        String problem = DeviceCheck.problem(missing).orElseThrow();
        assertTrue(problem.startsWith("--device " + missing + " asked for GPU " + facts.gpuCount()), problem);
        assertTrue(problem.contains("the PyTorch engine sees " + facts.gpuCount() + " GPU"), problem);
        assertTrue(problem.contains("libtorch " + facts.engineVersion()), problem);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceCheck.require(missing));
        assertEquals(problem, e.getMessage());
    }

    @Test
    void onACpuBuildGpuOneIsRefusedWithWhatToDo() {
        EngineFacts facts = EngineFacts.read();
        assumeFalse(facts.cudaBuild(), "the test classpath's natives are the CPU build");
        assertEquals(0, facts.gpuCount(), "a CPU build sees no GPU");
        String problem = DeviceCheck.problem(DeviceSpec.parse("gpu:1")).orElseThrow();
        assertTrue(problem.startsWith("--device gpu:1 asked for GPU 1, but the PyTorch engine sees 0 GPUs (CPU build,"
                + " libtorch " + facts.engineVersion() + " from " + facts.libtorchDir() + ")"), problem);
        assertTrue(problem.endsWith("install the CUDA natives as docs/DEPLOYMENT.md says (GPU workers), or use --device"
                + " cpu"), problem);
        assertTrue(DeviceCheck.problem(DeviceSpec.parse("gpu")).isPresent(), "gpu (= gpu:0) is refused as well");
    }

    @Test
    void theEngineFactsOfTheTestClasspath() {
        EngineFacts facts = EngineFacts.read();
        assertEquals("PyTorch", facts.engine());
        assertFalse(facts.engineVersion().isBlank());
        assertTrue(facts.intraOpThreads() >= 1 && facts.interOpThreads() >= 1, facts.toString());
        assertEquals(facts.cudaBuild() ? "CUDA" : "CPU", facts.flavour());
    }

    @Test
    void aCudaBuildWithFewerGpusNamesTheIndicesToUse() {
        String one = DeviceCheck.explain(DeviceSpec.gpu(1), engine(true, 1, "12.8"), "invalid device ordinal");
        assertTrue(one.startsWith("--device gpu:1 asked for GPU 1, but the PyTorch engine sees 1 GPU (CUDA build,"
                + " CUDA 12.8, libtorch 2.7.1 from /opt/libtorch/lib)"), one);
        assertTrue(one.contains("so use gpu:0 (invalid device ordinal)"), one);
        String three = DeviceCheck.explain(DeviceSpec.gpu(5), engine(true, 3, "12.8"), "invalid device ordinal");
        assertTrue(three.contains("so use gpu:0 to gpu:2"), three);
    }

    @Test
    void aCudaBuildWithoutVisibleGpusPointsAtTheDriverAndTheContainer() {
        String none = DeviceCheck.explain(DeviceSpec.gpu(0), engine(true, 0, null), "no CUDA GPUs are available");
        assertTrue(none.contains("sees 0 GPUs (CUDA build, libtorch"), none);
        assertTrue(none.contains("nvidia-smi") && none.contains("nvidia.com/gpu"), none);
        assertTrue(none.endsWith("(no CUDA GPUs are available)"), none);
    }

    @Test
    void aVisibleGpuWhoseOperationFailsShowsTheEnginesError() {
        String failed = DeviceCheck.explain(DeviceSpec.gpu(0), engine(true, 2, "12.8"), "CUDA error: out of memory");
        assertTrue(failed.startsWith("--device gpu:0: the PyTorch engine sees 2 GPUs"), failed);
        assertTrue(failed.contains("a tensor operation on GPU 0 failed: CUDA error: out of memory"), failed);
    }

    @Test
    void anEngineErrorIsCutToItsFirstSentence() {
        RuntimeException e = new RuntimeException("Could not run 'aten::empty.memory_format' with arguments from the"
                + " 'CUDA' backend. This could be because the operator doesn't exist.\nCPU: registered at ...");
        assertEquals("Could not run 'aten::empty.memory_format' with arguments from the 'CUDA' backend",
                DeviceCheck.engineText(e));
        assertEquals("RuntimeException", DeviceCheck.engineText(new RuntimeException()));
        assertTrue(DeviceCheck.engineText(new RuntimeException("x".repeat(1000))).length() < 300);
    }
}
