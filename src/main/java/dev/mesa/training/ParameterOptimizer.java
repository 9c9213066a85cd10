package dev.mesa.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import dev.mesa.checkpoint.CorruptArtifactException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An optimizer whose state mesa owns (DJL's optimizers hide theirs), so a checkpoint holds it and a resumed
 * run continues exactly. Updates follow PyTorch's formulas. After updating a weight its gradient is zeroed.
 */
public abstract class ParameterOptimizer {
    protected final List<Parameter> parameters = new ArrayList<>();

    /** Optimizes every parameter of {@code block} except BatchNorm running statistics. */
    protected ParameterOptimizer(Block block) {
        this(trainableOf(block));
    }

    /** Optimizes {@code parameters}, in this order (the order of its state tensors). */
    protected ParameterOptimizer(List<Parameter> parameters) {
        this.parameters.addAll(parameters);
    }

    /** The parameters of {@code block} an optimizer updates: all but BatchNorm running statistics. */
    static List<Parameter> trainableOf(Block block) {
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (t != Parameter.Type.RUNNING_MEAN && t != Parameter.Type.RUNNING_VAR) {
                out.add(p.getValue());
            }
        }
        return out;
    }

    /** Applies one update with learning rate {@code learningRate} to every parameter that requires a gradient. */
    public abstract void step(double learningRate);

    /** The state tensors, in a fixed order. */
    public abstract NDList state();

    /** Scalar state (e.g. Adam's step count). */
    public abstract long counter();

    /** Restores state saved by {@link #state()} and {@link #counter()}. */
    public abstract void restore(NDList state, long counter, Path source);

    /** One tensor's update, given its index in {@link #parameters}, the weight and its gradient. */
    @FunctionalInterface
    protected interface TensorUpdate {
        void apply(int index, PtNDArray weight, PtNDArray gradient);
    }

    /** Applies {@code update} to every parameter that requires a gradient, then zeroes that gradient. */
    protected void updateTrainable(TensorUpdate update) {
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (!p.requiresGradient()) {
                continue;
            }
            PtNDArray weight = (PtNDArray) p.getArray();
            try (PtNDArray gradient = weight.getGradient()) {
                update.apply(i, weight, gradient);
            }
            JniUtils.zeroGrad(weight);
        }
    }

    protected static void copyState(List<NDArray> target, NDList loaded, Path source) {
        if (loaded.size() != target.size()) {
            throw new CorruptArtifactException(source, "optimizer state has " + loaded.size() + " tensors, expected "
                    + target.size() + " (checkpoint of another network?)");
        }
        for (int i = 0; i < target.size(); i++) {
            if (!loaded.get(i).getShape().equals(target.get(i).getShape())) {
                throw new CorruptArtifactException(source, "optimizer state tensor " + i + " has shape "
                        + loaded.get(i).getShape() + ", expected " + target.get(i).getShape());
            }
            target.get(i).set(loaded.get(i).toFloatArray());
        }
    }
}
