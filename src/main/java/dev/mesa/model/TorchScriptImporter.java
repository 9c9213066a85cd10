package dev.mesa.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.mesa.data.ImageDataset;
import dev.mesa.data.ImageShape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Brings a user's TorchScript classifier into mesa: reads the file once into memory (it is never written),
 * loads it with libtorch and probes it with a few seeded normalised images before anything else runs; the
 * classifier holds the module as libtorch serialises it. A file
 * that cannot be defended fails here with an {@link InvalidModelException} saying why:
 * <ul>
 *   <li>not a TorchScript file (for example a {@code torch.save} state dict);</li>
 *   <li>does not accept {@code (B, 3, inputSize, inputSize)} float images, or does not return one
 *       {@code (B, classes)} float tensor with at least two classes;</li>
 *   <li>NaN or infinite logits;</li>
 *   <li>in evaluation mode, an image's logits change with the rest of the batch or from one call to the
 *       next: a model traced or saved in training mode (BatchNorm batch statistics, active dropout).</li>
 * </ul>
 * The class count is the output width; {@link #requireFits} compares it with a dataset's.
 */
public final class TorchScriptImporter {
    private static final String HOW_TO_SAVE = "save it from PyTorch with torch.jit.script(model).save(path)"
            + " or torch.jit.trace(model.eval(), example).save(path)";
    /** Relative tolerance between an image's logits alone and within a batch (kernels differ by batch size). */
    private static final float BATCH_TOLERANCE = 1e-3f;

    private TorchScriptImporter() {}

    /** Loads and probes {@code file}; the classifier's spec is {@link ClassifierSpec#torchScript}. */
    public static Classifier load(Path file, TorchScriptContract contract, Device device) {
        ImageShape shape = contract.inputShape();
        int classes;
        byte[] module;
        try (NDManager manager = NDManager.newBaseManager(device);
             TorchScriptNetwork network = loadNetwork(file, read(file), manager, shape)) {
            classes = probe(file, network, manager, shape);
            // libtorch's own serialisation of the module: re-serialising it gives the same bytes again (the
            // user's file may differ in debug records), so equal states have equal bytes in checkpoints
            module = network.encodeState();
        }
        if (!contract.classNames().isEmpty() && contract.classNames().size() != classes) {
            throw new InvalidModelException(file + ": the model has " + classes + " outputs but "
                    + contract.classNames().size() + " class names were given " + contract.classNames());
        }
        return Classifier.torchScript(module, ClassifierSpec.torchScript(classes, shape), contract.normalization(),
                contract.classNamesFor(classes), device);
    }

    /** Checks that {@code classifier} takes {@code data}'s images and has one output per class of it. */
    public static void requireFits(Classifier classifier, ImageDataset data) {
        if (!classifier.spec().inputShape().equals(data.shape())) {
            throw new InvalidModelException("the model takes " + classifier.spec().inputShape() + " images but "
                    + data.name() + " has " + data.shape() + " images (resize the dataset to the model's input size)");
        }
        if (classifier.numClasses() != data.numClasses()) {
            throw new InvalidModelException("the model has " + classifier.numClasses() + " outputs but "
                    + data.name() + " has " + data.numClasses() + " classes " + data.classNames()
                    + ": the output width must equal the number of class folders");
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidModelException(file + ": no such model file", e);
        } catch (IOException e) {
            throw new InvalidModelException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static TorchScriptNetwork loadNetwork(Path file, byte[] module, NDManager manager, ImageShape shape) {
        try {
            return TorchScriptNetwork.load(module, manager, shape);
        } catch (RuntimeException e) {
            throw new InvalidModelException(file + ": not a TorchScript model (" + EngineMessages.summary(e)
                    + "); " + HOW_TO_SAVE, e);
        }
    }

    /** Runs the checks of the class comment; returns the output width. */
    private static int probe(Path file, TorchScriptNetwork network, NDManager parent, ImageShape shape) {
        try (NDManager manager = parent.newSubManager()) {
            NDArray batch = ProbeImages.standardNormal(manager, shape, 2, 1);
            float[] logits = logits(file, network, batch, shape);
            int classes = logits.length / 2;
            for (float v : logits) {
                if (!Float.isFinite(v)) {
                    throw new InvalidModelException(file + ": the model returns non-finite logits (" + v
                            + ") for ordinary normalised images; check its weights and the normalisation it expects");
                }
            }
            float[] alone = logits(file, network, batch.get(new NDIndex("0:1")), shape);
            float[] again = logits(file, network, batch, shape);
            if (!closeTo(alone, Arrays.copyOf(logits, classes)) || !Arrays.equals(logits, again)) {
                throw new InvalidModelException(file + ": in evaluation mode an image's logits change with the"
                        + " rest of the batch or from one call to the next, as with BatchNorm on batch statistics"
                        + " or active dropout: the model seems to have been saved in training mode; call"
                        + " model.eval() before torch.jit.trace or torch.jit.script");
            }
            return classes;
        }
    }

    private static float[] logits(Path file, TorchScriptNetwork network, NDArray images, ImageShape shape) {
        NDArray out;
        try {
            out = network.evaluationLogits(images);
        } catch (InvalidModelException e) {
            throw new InvalidModelException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new InvalidModelException(file + ": the model does not accept a batch of normalised "
                    + shape + " float images (" + EngineMessages.summary(e) + ")", e);
        }
        Shape s = out.getShape();
        long batch = images.getShape().get(0);
        if (s.dimension() != 2 || s.get(0) != batch || s.get(1) < 2) {
            throw new InvalidModelException(file + ": for " + batch + " images the model returns a tensor of shape "
                    + s + "; a classifier returns logits of shape (" + batch + ", classes) with at least 2 classes");
        }
        if (out.getDataType() != DataType.FLOAT32) {
            throw new InvalidModelException(file + ": the model returns " + out.getDataType() + " logits; mesa"
                    + " runs float32 models (call model.float() before saving)");
        }
        return out.toFloatArray();
    }

    private static boolean closeTo(float[] a, float[] b) {
        float scale = 1;
        for (float v : b) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > BATCH_TOLERANCE * scale) {
                return false;
            }
        }
        return true;
    }
}
