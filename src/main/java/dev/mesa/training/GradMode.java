package dev.mesa.training;

import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's grad mode is per thread, and a thread other than the one that loaded the engine starts with
 * recording on, so plain inference would build autograd graphs. Every loop calls {@link #disableOnThisThread}
 * first; gradients are then recorded only inside a {@code GradientCollector}.
 */
public final class GradMode {
    private GradMode() {}

    public static void disableOnThisThread() {
        JniUtils.setGradMode(false);
    }
}
