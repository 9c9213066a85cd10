package dev.mesa.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam with PyTorch's formula: {@code w -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)} (epsilon after
 * bias correction, unlike DJL's built-in Adam).
 */
public final class Adam extends ParameterOptimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private long steps;

    public Adam(Block block, double beta1, double beta2, double epsilon) {
        super(block);
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || epsilon <= 0) {
            throw new IllegalArgumentException("Adam needs betas in [0, 1) and a positive epsilon");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        for (Parameter p : parameters) {
            NDArray w = p.getArray();
            firstMoments.add(w.getManager().zeros(w.getShape(), w.getDataType(), w.getDevice()));
            secondMoments.add(w.getManager().zeros(w.getShape(), w.getDataType(), w.getDevice()));
        }
    }

    /** The paper's settings: betas (0.5, 0.999), epsilon 1e-8. */
    public static Adam paper(Block block) {
        return new Adam(block, 0.5, 0.999, 1e-8);
    }

    @Override
    public void step(double learningRate) {
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double sqrtCorrection2 = Math.sqrt(1 - Math.pow(beta2, steps));
        // PyTorch's update rewritten for DJL's one-call native Adam (one JNI call per tensor instead of a
        // dozen: 14% of a compact MESA step), which computes m = b1*m + (1-b1)*s*g,
        // v = b2*v + (1-b2)*(s*g)^2, w -= m * c / (sqrt(v) + e), with 1-b1 and 1-b2 rounded to float.
        // The gradient scale s makes v exactly PyTorch's second moment despite that rounding, and c and e
        // absorb the bias corrections: the result is lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps).
        double scale = Math.sqrt((1 - beta2) / (1f - (float) beta2));
        double firstMomentFactor = scale * (1f - (float) beta1) / (1 - beta1);
        float stepSize = (float) (learningRate * sqrtCorrection2 / correction1 / firstMomentFactor);
        float scaledEpsilon = (float) (epsilon * sqrtCorrection2);
        updateTrainable((i, w, g) -> JniUtils.adamUpdate(w, g, (PtNDArray) firstMoments.get(i),
                (PtNDArray) secondMoments.get(i), (float) learningRate, stepSize, 0f, (float) scale, -1f, (float) beta1,
                (float) beta2, scaledEpsilon, false));
    }

    @Override
    public NDList state() {
        NDList all = new NDList(firstMoments);
        all.addAll(secondMoments);
        return all;
    }

    @Override
    public long counter() {
        return steps;
    }

    @Override
    public void restore(NDList state, long counter, Path source) {
        List<NDArray> all = new ArrayList<>(firstMoments);
        all.addAll(secondMoments);
        copyState(all, state, source);
        this.steps = counter;
    }
}
