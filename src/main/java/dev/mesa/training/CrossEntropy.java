package dev.mesa.training;

import ai.djl.ndarray.NDArray;

/** Mean softmax cross-entropy with optional label smoothing. */
public final class CrossEntropy {
    private CrossEntropy() {}

    /** @param labels int64 {@code (B)}; @param smoothing 0 for plain cross-entropy */
    public static NDArray mean(NDArray logits, NDArray labels, double smoothing) {
        NDArray logProb = logits.logSoftmax(1);
        NDArray picked = logProb.gather(labels.reshape(-1, 1), 1).reshape(-1);
        NDArray nll = picked.neg();
        if (smoothing > 0) {
            NDArray uniform = logProb.mean(new int[] {1}).neg();
            nll = nll.mul((float) (1 - smoothing)).add(uniform.mul((float) smoothing));
        }
        return nll.mean();
    }

    /** Fraction of rows whose arg-max equals the label. */
    public static NDArray accuracy(NDArray logits, NDArray labels) {
        return logits.argMax(1).eq(labels).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mean();
    }
}
