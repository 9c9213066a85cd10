package dev.mesa.training;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's grad mode is per thread, and a thread other than the one that loaded the engine starts with
 * recording on, so plain inference would build autograd graphs. Every loop calls {@link #disableOnThisThread}
 * first; gradients are then recorded only inside a {@code GradientCollector}.
 */
public final class GradMode {
    private GradMode() {}

    public static void disableOnThisThread() {
        Engine.getEngine("PyTorch"); // loads the native library if this is the first use in the process
        JniUtils.setGradMode(false);
    }
}
