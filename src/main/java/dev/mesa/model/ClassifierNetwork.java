package dev.mesa.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What computes a {@link Classifier}'s logits and holds its weights: mesa's own DJL blocks
 * ({@link NativeNetwork}, with its speed paths) or a TorchScript module ({@link TorchScriptNetwork}, plain
 * forward passes). Trainers and the defence see only {@link Classifier}, never which one it is.
 */
interface ClassifierNetwork extends AutoCloseable {
    /** The network as a DJL block (a TorchScript network's current module). */
    Block block();

    /**
     * Logits in inference mode (BatchNorm running statistics, no dropout). Gradients are recorded when the
     * thread records them (inside a gradient collector), for the images and for the trainable weights.
     */
    NDArray evaluationLogits(NDArray images);

    /**
     * Logits in training mode: BatchNorm normalises with the batch's statistics and updates its running
     * statistics; dropout is active. A network that draws random numbers (dropout) draws them from
     * {@code randomSeed} when given, so that a step repeats exactly; otherwise from the engine's generator as
     * it stands.
     */
    NDArray trainingLogits(NDArray images, OptionalLong randomSeed);

    /** A forward for many batches through unchanging weights (the caller closes it). */
    InferenceForward compileInference();

    /** Whether the trainable weights record gradients (never the BatchNorm running statistics). */
    void setTrainable(boolean trainable);

    /** The weights an optimizer updates, in a fixed order (no running statistics, no buffers). */
    List<Parameter> trainableParameters();

    /** Every value of the network's state: weights and statistics (BatchNorm running mean/var, ...). */
    byte[] encodeState();

    /** Restores a state written by {@link #encodeState()} of a network of the same architecture. */
    void restoreState(byte[] state, Path source);

    /** Number of weight values, plus the running statistics where the network exposes them. */
    long parameterCount(boolean includeRunningStatistics);

    /**
     * Whether training mode computes another function than inference mode (BatchNorm batch statistics,
     * dropout). False for a network without either, or one traced in evaluation mode, whose BatchNorm and
     * dropout stay as traced: retraining it keeps the running statistics fixed.
     */
    boolean hasTrainingMode();

    @Override
    void close();
}
