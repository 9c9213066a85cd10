package dev.mesa.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The inference-mode form of a classifier network, for a frozen classifier (MESA, detection, trigger
 * reversal, evaluation). It computes the same function as {@code block.forward(..., training = false)}, up
 * to float rounding, with less work:
 * <ul>
 *   <li>every BatchNorm that follows a convolution is folded into it: with s = γ/√(running var + ε),
 *       W' = s·W and b' = β − s·running mean (+ s·b) — the BatchNorm layers disappear;</li>
 *   <li>the layer order of {@link LayerOrder}: ReLU after max-pool, on a quarter of the values.</li>
 * </ul>
 * The folded weights are a snapshot: the network is valid while the classifier's weights do not change
 * (see {@link Classifier#inferenceLogits}). Gradients reach the input only; the folded weights never
 * require one. Parameter-free blocks it does not rewrite (pooling, flattening, identity) run as they are;
 * a block with parameters it does not know is an error, never silently approximated.
 */
public final class InferenceNetwork implements InferenceForward {
    /** The ε of every BatchNorm mesa builds (DJL's default, the same as PyTorch's). */
    public static final float BATCH_NORM_EPSILON = 1e-5f;

    private final NDManager manager;
    private final ParameterStore parameterStore;
    private final List<UnaryOperator<NDArray>> layers;

    private InferenceNetwork(NDManager manager, Block block) {
        this.manager = manager;
        this.parameterStore = new ParameterStore(manager, false);
        this.layers = compileSequence(LayerOrder.of(block));
    }

    /** A BatchNorm with the ε this class folds with; every mesa architecture builds its BatchNorms here. */
    public static BatchNorm foldableBatchNorm() {
        return BatchNorm.builder().optEpsilon(BATCH_NORM_EPSILON).build();
    }

    /** Compiles {@code block} (initialised, BatchNorm ε = {@link #BATCH_NORM_EPSILON}) with folded weights on a sub-manager of {@code parent}. */
    public static InferenceNetwork compile(Block block, NDManager parent) {
        NDManager manager = parent.newSubManager();
        try {
            return new InferenceNetwork(manager, block);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Logits for normalised images; the result lives on the images' manager. */
    @Override
    public NDArray logits(NDArray images) {
        return apply(layers, ChannelsLast.of(images));
    }

    /** Number of layers after rewriting (for tests: folding removes the BatchNorm layers). */
    int layerCount() {
        return layers.size();
    }

    private List<UnaryOperator<NDArray>> compileSequence(List<Block> blocks) {
        List<UnaryOperator<NDArray>> out = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            Block next = i + 1 < blocks.size() ? blocks.get(i + 1) : null;
            if (b instanceof Conv2d conv) {
                BatchNorm bn = next instanceof BatchNorm n ? n : null;
                out.add(foldedConvolution(conv, bn));
                if (bn != null) {
                    i++;
                }
            } else if (LayerOrder.isNamed(b, LayerOrder.RELU)) {
                out.add(Activation::relu);
            } else if (b instanceof Linear) {
                NDArray w = parameter(b, "weight");
                NDArray bias = parameter(b, "bias");
                out.add(x -> Linear.linear(x, w, bias).singletonOrThrow());
            } else if (b instanceof ResidualSum residual) {
                List<UnaryOperator<NDArray>> main = compileSequence(LayerOrder.of(residual.main()));
                List<UnaryOperator<NDArray>> shortcut = compileSequence(LayerOrder.of(residual.shortcut()));
                out.add(x -> apply(main, x).add(apply(shortcut, x)));
            } else if (b.getParameters().isEmpty()) {
                out.add(opaque(b));
            } else {
                throw new IllegalArgumentException("no inference form for a " + b.getClass().getSimpleName()
                        + " with parameters " + b.getParameters().keys());
            }
        }
        return out;
    }

    private UnaryOperator<NDArray> foldedConvolution(Conv2d conv, BatchNorm bn) {
        NDArray weight = parameter(conv, "weight");
        NDArray bias = conv.isIncludeBias() ? parameter(conv, "bias") : null;
        if (bn != null) {
            NDArray scale = parameter(bn, "gamma").div(parameter(bn, "runningVar").add(BATCH_NORM_EPSILON).sqrt());
            NDArray shift = parameter(bn, "beta").sub(parameter(bn, "runningMean").mul(scale));
            if (bias != null) {
                shift = shift.add(bias.mul(scale));
            }
            weight = weight.mul(scale.reshape(new Shape(-1, 1, 1, 1)));
            bias = shift;
        }
        NDArray w = weight;
        NDArray b = bias;
        Shape stride = conv.getStride();
        Shape padding = conv.getPadding();
        Shape dilation = conv.getDilation();
        int groups = conv.getGroups();
        return x -> Conv2d.conv2d(x, w, b, stride, padding, dilation, groups).singletonOrThrow();
    }

    /** A copy of a parameter on this network's manager, never requiring a gradient. */
    private NDArray parameter(Block block, String name) {
        for (var p : block.getParameters()) {
            if (p.getValue().getName().equals(name)) {
                try (NDArray detached = p.getValue().getArray().stopGradient()) {
                    NDArray copy = detached.duplicate();
                    copy.attach(manager);
                    return copy;
                }
            }
        }
        throw new IllegalArgumentException(block.getClass().getSimpleName() + " has no parameter '" + name + "'");
    }

    private UnaryOperator<NDArray> opaque(Block block) {
        return x -> block.forward(parameterStore, new NDList(x), false).singletonOrThrow();
    }

    private static NDArray apply(List<UnaryOperator<NDArray>> layers, NDArray x) {
        NDArray y = x;
        for (UnaryOperator<NDArray> layer : layers) {
            y = layer.apply(y);
        }
        return y;
    }

    @Override
    public void close() {
        manager.close();
    }
}
