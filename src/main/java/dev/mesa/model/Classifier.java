package dev.mesa.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.mesa.data.Normalization;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * An image classifier: its network, the normalisation its inputs need and its class names, with the
 * network's weights on a manager of its own (closed with the classifier). The network is one of mesa's own
 * architectures ({@link #create}, {@link ModelFile}) or a TorchScript module ({@link TorchScriptImporter});
 * every stage of the defence runs on either through this class alone.
 */
public final class Classifier implements AutoCloseable {
    private final NDManager manager;
    private final ClassifierNetwork network;
    private final ClassifierSpec spec;
    private final Normalization normalization;
    private final List<String> classNames;
    private boolean frozen;
    private InferenceForward frozenInference;

    private Classifier(NDManager manager, ClassifierNetwork network, ClassifierSpec spec, Normalization normalization,
                       List<String> classNames) {
        if (classNames.size() != spec.numClasses()) {
            throw new IllegalArgumentException(spec.numClasses() + " outputs but " + classNames.size() + " class names");
        }
        this.manager = manager;
        this.network = network;
        this.spec = spec;
        this.normalization = normalization;
        this.classNames = List.copyOf(classNames);
    }

    /** A new network with seeded PyTorch-default initialisation on {@code device}. */
    public static Classifier create(ClassifierSpec spec, Normalization normalization, List<String> classNames,
                                    long seed, Device device) {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Block block = newInitializedBlock(spec, manager);
            ParameterInitializer.pytorchDefaults(block, seed);
            return new Classifier(manager, new NativeNetwork(manager, block), spec, normalization, classNames);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** An initialised network of {@code spec} whose parameters the caller loads (see {@link ModelFile}). */
    static Classifier empty(ClassifierSpec spec, Normalization normalization, List<String> classNames, Device device) {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Block block = newInitializedBlock(spec, manager);
            return new Classifier(manager, new NativeNetwork(manager, block), spec, normalization, classNames);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A classifier whose network is the serialised TorchScript {@code module} (loaded into memory on
     * {@code device}). Engine errors propagate; callers say what the bytes were.
     */
    static Classifier torchScript(byte[] module, ClassifierSpec spec, Normalization normalization,
                                  List<String> classNames, Device device) {
        if (!spec.isTorchScript()) {
            throw new IllegalArgumentException("not a TorchScript spec: " + spec);
        }
        NDManager manager = NDManager.newBaseManager(device);
        try {
            TorchScriptNetwork network = TorchScriptNetwork.load(module, manager, spec.inputShape());
            return new Classifier(manager, network, spec, normalization, classNames);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static Block newInitializedBlock(ClassifierSpec spec, NDManager manager) {
        Block block = spec.newBlock();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, spec.inputShape().channels(),
                spec.inputShape().height(), spec.inputShape().width()));
        return block;
    }

    /**
     * Logits {@code (B, classes)} for normalised images {@code (B, C, H, W)}. In training mode BatchNorm uses
     * (and updates) batch statistics and dropout is active, drawing from the engine's generator as it stands:
     * training loops use {@link #trainingLogits} so that a step repeats exactly. mesa's own networks run in
     * {@link LayerOrder} (ReLU after max-pool): the same function and gradients as the block's own forward,
     * with less work.
     */
    public NDArray logits(NDArray images, boolean training) {
        return training ? network.trainingLogits(images, OptionalLong.empty()) : network.evaluationLogits(images);
    }

    /**
     * Logits in training mode (BatchNorm batch statistics, dropout), the network's random draws (dropout's
     * masks) made from {@code randomSeed}: the same seed, weights and images give the same logits.
     */
    public NDArray trainingLogits(NDArray images, long randomSeed) {
        return network.trainingLogits(images, OptionalLong.of(randomSeed));
    }

    /**
     * Logits in inference mode through the fastest form of the network ({@link InferenceNetwork} for mesa's
     * own architectures: BatchNorm folded into the convolutions; the plain evaluation-mode forward for a
     * TorchScript network): the same function as {@code logits(images, false)} up to float rounding, with
     * gradients reaching the images only while the classifier is frozen.
     */
    public NDArray inferenceLogits(NDArray images) {
        return withInference(forward -> forward.logits(images));
    }

    /**
     * Runs {@code work} with the inference forward of the current weights. While the classifier is frozen
     * that forward is compiled once and kept; otherwise (its weights may still change) it is compiled for
     * this call only, so a caller that runs many batches should put its whole loop in {@code work}.
     */
    public <T> T withInference(Function<InferenceForward, T> work) {
        if (frozen) {
            if (frozenInference == null) {
                frozenInference = network.compileInference();
            }
            return work.apply(frozenInference);
        }
        try (InferenceForward once = network.compileInference()) {
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
        network.setTrainable(!frozen);
    }

    /** The weights an optimizer updates, in a fixed order; after {@link #restoreState} ask again. */
    public List<Parameter> trainableParameters() {
        return network.trainableParameters();
    }

    /**
     * Every value of the network's state (weights and statistics such as BatchNorm running mean, variance
     * and, for TorchScript, its batch counters), for checkpoints and model files.
     */
    public byte[] encodeState() {
        return network.encodeState();
    }

    /** Restores a state from {@link #encodeState()} of the same architecture; the freeze state is kept. */
    public void restoreState(byte[] state, Path source) {
        dropInference();
        network.restoreState(state, source);
        network.setTrainable(!frozen);
    }

    /**
     * Whether retraining changes how the network computes (BatchNorm batch statistics, dropout). False for a
     * TorchScript model without either, or one traced in evaluation mode: {@code torch.jit.trace} records
     * BatchNorm and dropout in the mode the model was in, so retraining keeps its running statistics fixed.
     */
    public boolean hasTrainingMode() {
        return network.hasTrainingMode();
    }

    /** The network as a DJL block (for a TorchScript network: its current module; it changes on restore). */
    public Block block() {
        return network.block();
    }

    public NDManager manager() {
        return manager;
    }

    public ClassifierSpec spec() {
        return spec;
    }

    /** The output width: the number of classes. */
    public int numClasses() {
        return spec.numClasses();
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

    /**
     * Number of trainable and statistics values (11,173,962 for the CIFAR ResNet-18 without BN running stats).
     * A TorchScript network counts its parameters only: libtorch does not show its buffers.
     */
    public long parameterCount(boolean includeRunningStatistics) {
        return network.parameterCount(includeRunningStatistics);
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
        network.close();
        manager.close();
    }
}
