package dev.mesa.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.mesa.checkpoint.TensorCodec;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * One of mesa's own architectures as DJL blocks, run fast without changing its function: {@link LayerOrder}
 * (ReLU after max-pool) and {@link ChannelsLast} on every forward, the BatchNorm-folded
 * {@link InferenceNetwork} for inference. Its parameters live on the classifier's manager.
 */
final class NativeNetwork implements ClassifierNetwork {
    private final NDManager manager;
    private final Block block;
    private final ParameterStore parameterStore;
    private final List<Block> layers;

    NativeNetwork(NDManager manager, Block block) {
        this.manager = manager;
        this.block = block;
        this.parameterStore = new ParameterStore(manager, false);
        this.layers = LayerOrder.of(block);
    }

    @Override
    public Block block() {
        return block;
    }

    @Override
    public NDArray evaluationLogits(NDArray images) {
        return forward(images, false);
    }

    /** mesa's architectures draw no random numbers: the seed is not needed. */
    @Override
    public NDArray trainingLogits(NDArray images, OptionalLong randomSeed) {
        return forward(images, true);
    }

    private NDArray forward(NDArray images, boolean training) {
        NDList x = new NDList(ChannelsLast.of(images));
        for (Block layer : layers) {
            x = layer.forward(parameterStore, x, training);
        }
        return x.singletonOrThrow();
    }

    @Override
    public InferenceForward compileInference() {
        return InferenceNetwork.compile(block, manager);
    }

    @Override
    public void setTrainable(boolean trainable) {
        if (trainable) {
            block.freezeParameters(false, p -> !isRunningStatistic(p));
        } else {
            block.freezeParameters(true);
        }
    }

    @Override
    public List<Parameter> trainableParameters() {
        return block.getParameters().values().stream().filter(p -> !isRunningStatistic(p)).toList();
    }

    @Override
    public byte[] encodeState() {
        return TensorCodec.encodeParameters(block);
    }

    @Override
    public void restoreState(byte[] state, Path source) {
        TensorCodec.decodeParameters(block, manager, state, source);
    }

    @Override
    public long parameterCount(boolean includeRunningStatistics) {
        long n = 0;
        for (Parameter p : block.getParameters().values()) {
            if (includeRunningStatistics || !isRunningStatistic(p)) {
                n += p.getArray().size();
            }
        }
        return n;
    }

    @Override
    public boolean hasTrainingMode() {
        return true;
    }

    static boolean isRunningStatistic(Parameter p) {
        return p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
    }

    /** The parameters belong to the classifier's manager, which the classifier closes. */
    @Override
    public void close() { }
}
