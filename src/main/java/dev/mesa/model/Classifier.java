package dev.mesa.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.mesa.data.Normalization;

import java.util.List;
import java.util.function.Function;

/**
 * An image classifier: its network, the normalisation its inputs need and its class names, with the
 * network's parameters on a manager of its own (closed with the classifier).
 */
public final class Classifier implements AutoCloseable {
    private final NDManager manager;
    private final Block block;
    private final ClassifierSpec spec;
    private final Normalization normalization;
    private final List<String> classNames;
    private final ParameterStore parameterStore;
    private final List<Block> layers;
    private boolean frozen;
    private InferenceNetwork frozenInference;

    private Classifier(NDManager manager, Block block, ClassifierSpec spec, Normalization normalization,
                       List<String> classNames) {
        if (classNames.size() != spec.numClasses()) {
            throw new IllegalArgumentException(spec.numClasses() + " outputs but " + classNames.size() + " class names");
        }
        this.manager = manager;
        this.block = block;
        this.spec = spec;
        this.normalization = normalization;
        this.classNames = List.copyOf(classNames);
        this.parameterStore = new ParameterStore(manager, false);
        this.layers = LayerOrder.of(block);
    }

    /** A new network with seeded PyTorch-default initialisation on {@code device}. */
    public static Classifier create(ClassifierSpec spec, Normalization normalization, List<String> classNames,
                                    long seed, Device device) {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Block block = spec.newBlock();
            block.initialize(manager, DataType.FLOAT32, inputShape(spec));
            ParameterInitializer.pytorchDefaults(block, seed);
            return new Classifier(manager, block, spec, normalization, classNames);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** An initialised network of {@code spec} whose parameters the caller loads (see {@link ModelFile}). */
    static Classifier empty(ClassifierSpec spec, Normalization normalization, List<String> classNames, Device device) {
        NDManager manager = NDManager.newBaseManager(device);
        Block block = spec.newBlock();
        block.initialize(manager, DataType.FLOAT32, inputShape(spec));
        return new Classifier(manager, block, spec, normalization, classNames);
    }

    private static Shape inputShape(ClassifierSpec spec) {
        return new Shape(1, spec.inputShape().channels(), spec.inputShape().height(), spec.inputShape().width());
    }

    /**
     * Logits {@code (B, classes)} for normalised images {@code (B, C, H, W)}. BatchNorm uses batch statistics
     * iff {@code training}. The network's blocks run in {@link LayerOrder} (ReLU after max-pool): the same
     * function and gradients as the block's own forward, with less work.
     */
    public NDArray logits(NDArray images, boolean training) {
        NDList x = new NDList(ChannelsLast.of(images));
        for (Block layer : layers) {
            x = layer.forward(parameterStore, x, training);
        }
        return x.singletonOrThrow();
    }

    /**
     * Logits in inference mode through the {@link InferenceNetwork} (BatchNorm folded into the convolutions):
     * the same function as {@code logits(images, false)} up to float rounding, cheaper, with gradients
     * reaching the images only.
     */
    public NDArray inferenceLogits(NDArray images) {
        return withInference(network -> network.logits(images));
    }

    /**
     * Runs {@code work} with the {@link InferenceNetwork} of the current weights. While the classifier is
     * frozen that network is compiled once and kept; otherwise (its weights may still change) it is compiled
     * for this call only, so a caller that runs many batches should put its whole loop in {@code work}.
     */
    public <T> T withInference(Function<InferenceNetwork, T> work) {
        if (frozen) {
            if (frozenInference == null) {
                frozenInference = InferenceNetwork.compile(block, manager);
            }
            return work.apply(frozenInference);
        }
        try (InferenceNetwork once = InferenceNetwork.compile(block, manager)) {
            return work.apply(once);
        }
    }

    /**
     * Freezes (or unfreezes) the weights. Unfreezing skips BatchNorm running statistics, which must never
     * require gradients.
     */
    public void freeze(boolean frozen) {
        dropInference();
        this.frozen = frozen;
        if (frozen) {
            block.freezeParameters(true);
        } else {
            block.freezeParameters(false, p -> p.getType() != Parameter.Type.RUNNING_MEAN
                    && p.getType() != Parameter.Type.RUNNING_VAR);
        }
    }

    public Block block() {
        return block;
    }

    public NDManager manager() {
        return manager;
    }

    public ClassifierSpec spec() {
        return spec;
    }

    public Normalization normalization() {
        return normalization;
    }

    public List<String> classNames() {
        return classNames;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** Number of trainable and statistics values (11,173,962 for the CIFAR ResNet-18 without BN running stats). */
    public long parameterCount(boolean includeRunningStatistics) {
        long n = 0;
        for (var p : block.getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (includeRunningStatistics || (t != Parameter.Type.RUNNING_MEAN && t != Parameter.Type.RUNNING_VAR)) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    private void dropInference() {
        if (frozenInference != null) {
            frozenInference.close();
            frozenInference = null;
        }
    }

    @Override
    public void close() {
        dropInference();
        manager.close();
    }
}
