package dev.mesa.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.mesa.checkpoint.CorruptArtifactException;
import dev.mesa.data.ImageShape;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * A TorchScript module run by DJL's PyTorch engine (libtorch), held in memory: the file it came from is
 * never written. How it is driven, and why:
 * <ul>
 *   <li>Every forward asks DJL for a forward "in training", which only means autograd is allowed: the
 *       engine's inference forward runs under libtorch's inference mode, through which no gradient reaches
 *       the images (MESA and trigger reversal need them). Whether gradients are recorded is then the
 *       thread's grad mode, as everywhere in mesa: only inside a gradient collector.</li>
 *   <li>The module's own mode (BatchNorm statistics, dropout) is set separately: evaluation mode for every
 *       forward except retraining's.</li>
 *   <li>Dropout draws from libtorch's default generator, which is process-wide and whose state DJL cannot
 *       read or write; a training forward with a seed sets it and runs under one lock, so concurrent runs
 *       cannot interleave their draws and a resumed step draws what the uninterrupted one drew.</li>
 *   <li>Parameters are visible to DJL (and so to mesa's optimizers) but buffers such as BatchNorm running
 *       statistics are not: the state is the whole serialised module, and restoring it replaces the module
 *       (its parameters are then new objects: see {@link #trainableParameters()}).</li>
 * </ul>
 */
final class TorchScriptNetwork implements ClassifierNetwork {
    private static final Object ENGINE_GENERATOR = new Object();

    private final PtNDManager manager;
    private final ImageShape inputShape;
    private PtSymbolBlock module;
    private List<Parameter> parameters;
    private boolean trainable = true;
    private Boolean hasTrainingMode;

    private TorchScriptNetwork(PtNDManager manager, ImageShape inputShape, PtSymbolBlock module) {
        this.manager = manager;
        this.inputShape = inputShape;
        this.module = module;
        this.parameters = parametersOf(module);
    }

    /**
     * Loads a serialised TorchScript module onto {@code manager}'s device. Engine errors (not TorchScript,
     * truncated) propagate as they are; callers say what the bytes were.
     */
    static TorchScriptNetwork load(byte[] module, NDManager manager, ImageShape inputShape) {
        if (!(manager instanceof PtNDManager pt)) {
            throw new IllegalStateException("TorchScript needs DJL's PyTorch engine, not " + manager.getEngine().getEngineName());
        }
        return new TorchScriptNetwork(pt, inputShape, loadModule(module, pt));
    }

    private static PtSymbolBlock loadModule(byte[] module, PtNDManager manager) {
        try {
            return JniUtils.loadModule(manager, new ByteArrayInputStream(module), true, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Parameter> parametersOf(PtSymbolBlock module) {
        return List.copyOf(module.getParameters().values());
    }

    @Override
    public Block block() {
        return module;
    }

    @Override
    public NDArray evaluationLogits(NDArray images) {
        setModuleTraining(false);
        return forward(images);
    }

    @Override
    public NDArray trainingLogits(NDArray images, OptionalLong randomSeed) {
        setModuleTraining(true);
        if (randomSeed.isEmpty()) {
            return forward(images);
        }
        synchronized (ENGINE_GENERATOR) {
            JniUtils.setSeed(randomSeed.getAsLong());
            return forward(images);
        }
    }

    private NDArray forward(NDArray images) {
        NDList out = IValueUtils.forward(module, new NDList(images), true);
        if (out.size() != 1) {
            out.close();
            throw new InvalidModelException("the TorchScript module returns " + out.size()
                    + " values; a classifier returns one tensor of logits");
        }
        return out.get(0);
    }

    /** Set on every forward (a cheap call): nothing else that holds the module can leave it in another mode. */
    private void setModuleTraining(boolean training) {
        if (training) {
            JniUtils.enableTrainingMode(module);
        } else {
            JniUtils.enableInferenceMode(module);
        }
    }

    @Override
    public InferenceForward compileInference() {
        return this::evaluationLogits;
    }

    @Override
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
        for (Parameter p : parameters) {
            p.freeze(!trainable);
        }
    }

    /** Every parameter of the module (its buffers are not parameters); new objects after {@link #restoreState}. */
    @Override
    public List<Parameter> trainableParameters() {
        return parameters;
    }

    /**
     * The module serialised by libtorch (parameters and buffers) as PyTorch saves a model: evaluation mode,
     * parameters requiring gradients (libtorch records both; a frozen classifier writes the same bytes).
     */
    @Override
    public byte[] encodeState() {
        setModuleTraining(false);
        boolean wasTrainable = trainable;
        setTrainable(true);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            JniUtils.writeModule(module, bytes, false);
            return bytes.toByteArray();
        } finally {
            setTrainable(wasTrainable);
        }
    }

    @Override
    public void restoreState(byte[] state, Path source) {
        PtSymbolBlock restored;
        try {
            restored = loadModule(state, manager);
        } catch (RuntimeException e) {
            throw new CorruptArtifactException(source, "the network state is not a TorchScript module ("
                    + EngineMessages.summary(e) + ")", e);
        }
        List<Parameter> restoredParameters = parametersOf(restored);
        String mismatch = mismatch(parameters, restoredParameters);
        if (mismatch != null) {
            restored.close();
            throw new CorruptArtifactException(source, "the stored network is not this model's (" + mismatch + ")");
        }
        module.close();
        module = restored;
        parameters = restoredParameters;
        setTrainable(trainable);
    }

    private static String mismatch(List<Parameter> expected, List<Parameter> actual) {
        if (expected.size() != actual.size()) {
            return actual.size() + " parameters, expected " + expected.size();
        }
        for (int i = 0; i < expected.size(); i++) {
            Parameter e = expected.get(i);
            Parameter a = actual.get(i);
            if (!e.getName().equals(a.getName()) || !e.getArray().getShape().equals(a.getArray().getShape())) {
                return "parameter " + i + " is " + a.getName() + " " + a.getArray().getShape() + ", expected "
                        + e.getName() + " " + e.getArray().getShape();
            }
        }
        return null;
    }

    /** The module's parameters only: libtorch does not show its buffers (BatchNorm statistics) to DJL. */
    @Override
    public long parameterCount(boolean includeRunningStatistics) {
        return parameters.stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /** Compares both modes on a copy (a training forward updates BatchNorm statistics); computed once. */
    @Override
    public boolean hasTrainingMode() {
        if (hasTrainingMode == null) {
            try (TorchScriptNetwork copy = load(encodeState(), manager, inputShape);
                 NDManager probe = manager.newSubManager()) {
                NDArray images = ProbeImages.standardNormal(probe, inputShape, 2, 0);
                float[] evaluation = copy.evaluationLogits(images).toFloatArray();
                float[] training = copy.trainingLogits(images, OptionalLong.of(0)).toFloatArray();
                hasTrainingMode = !Arrays.equals(evaluation, training);
            }
        }
        return hasTrainingMode;
    }

    @Override
    public void close() {
        module.close();
    }
}
