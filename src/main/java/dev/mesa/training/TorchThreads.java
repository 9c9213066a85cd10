package dev.mesa.training;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's intra-op thread count for the calling thread only. libtorch 2.7.1 (OpenMP build) keeps the count per
 * thread, but a thread takes it lazily, from the last count set anywhere in the process, on its first call into the
 * thread pool. A count set before that first call is overwritten by it, which looks as if the count were
 * process-wide. So this reads the count first (which performs the lazy step), then sets it: from then on the count
 * belongs to this thread, whatever other threads set (TorchThreadsTest).
 */
public final class TorchThreads {
    private TorchThreads() {}

    /** Runs this thread's PyTorch operations on {@code threads} intra-op threads from now on. */
    public static void setOnThisThread(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a thread count must be >= 1, got " + threads);
        }
        Engine.getEngine("PyTorch"); // loads the native library if this is the first use in the process
        JniUtils.getNumThreads(); // the lazy per-thread initialisation, so that the set below is not overwritten
        JniUtils.setNumThreads(threads);
    }

    /** The intra-op thread count PyTorch uses on this thread. */
    public static int onThisThread() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }
}
