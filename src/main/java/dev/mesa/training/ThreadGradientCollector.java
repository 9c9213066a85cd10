package dev.mesa.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * Records gradients on the calling thread, like DJL's PyTorch collector, but without its process-wide "one collector
 * at a time" flag: with that flag, two training loops on two threads of one JVM (two activity slots of a worker)
 * fail as soon as their steps overlap. PyTorch's grad mode and autograd are per thread, and each loop owns its
 * networks, so nothing else is shared. While open, grad mode is on for this thread; {@link #backward} accumulates
 * into the gradients of the arrays that require them; closing restores the thread's previous grad mode. mesa's
 * optimizers zero the gradients they consume ({@link ParameterOptimizer}), so {@link #zeroGradients} is not offered.
 */
public final class ThreadGradientCollector implements GradientCollector {
    private final boolean previousGradMode;

    private ThreadGradientCollector() {
        Engine.getEngine("PyTorch"); // loads the native library if this is the first use in the process
        this.previousGradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    /** Opens a collector on this thread. */
    public static ThreadGradientCollector open() {
        return new ThreadGradientCollector();
    }

    @Override
    public void backward(NDArray target) {
        NDArray seed = target.getManager().ones(target.getShape(), target.getDataType()).toDevice(target.getDevice(), false);
        JniUtils.backward((PtNDArray) target, (PtNDArray) seed, false, false);
    }

    @Override
    public void zeroGradients() {
        throw new UnsupportedOperationException("mesa's optimizers zero the gradients they use; DJL's zeroGradients"
                + " walks every array of the process, including other threads' networks");
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previousGradMode);
    }
}
