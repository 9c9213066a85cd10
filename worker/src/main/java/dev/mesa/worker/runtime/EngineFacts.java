package dev.mesa.worker.runtime;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.cuda.CudaUtils;

/**
 * What the PyTorch engine this process loaded reports about itself: names and versions, the folder its libtorch came
 * from, whether that libtorch was built with CUDA, the GPUs it sees, the CUDA runtime's version (null without one)
 * and PyTorch's thread pools.
 *
 * @param cudaBuild whether the loaded libtorch has the CUDA feature (DJL's {@code CUDA} capability)
 * @param gpuCount  the GPUs DJL counts for this engine: 0 for a CPU build, else what the CUDA runtime reports
 */
public record EngineFacts(String engine, String engineVersion, String djlVersion, String libtorchDir,
                          boolean cudaBuild, int gpuCount, String cudaVersion, int intraOpThreads,
                          int interOpThreads) {
    /** Loads the engine if it is not loaded yet (a DJL {@code EngineException} if that fails) and reads its facts. */
    public static EngineFacts read() {
        Engine engine = Engine.getInstance();
        boolean cuda = engine.hasCapability("CUDA");
        int gpus = engine.getGpuCount();
        return new EngineFacts(engine.getEngineName(), engine.getVersion(), Engine.getDjlVersion(),
                LibUtils.getLibtorchPath(), cuda, gpus, gpus > 0 ? cudaRuntimeVersion() : null,
                JniUtils.getNumThreads(), JniUtils.getNumInteropThreads());
    }

    /** {@code CPU} or {@code CUDA}: the build of the loaded libtorch. */
    public String flavour() {
        return cudaBuild ? "CUDA" : "CPU";
    }

    /** For messages: {@code CPU build, libtorch 2.7.1 from /dir} (with the CUDA version when there is one). */
    public String describe() {
        return flavour() + " build" + (cudaVersion != null ? ", CUDA " + cudaVersion : "") + ", libtorch "
                + engineVersion + " from " + libtorchDir;
    }

    /** {@code 12.8} from the runtime's 12080; null when no CUDA runtime library could be loaded. */
    private static String cudaRuntimeVersion() {
        try {
            int v = CudaUtils.getCudaVersion();
            return v / 1000 + "." + v % 1000 / 10;
        } catch (IllegalStateException | IllegalArgumentException e) {
            return null;
        }
    }
}
