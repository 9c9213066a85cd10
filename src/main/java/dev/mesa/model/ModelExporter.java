package dev.mesa.model;

import dev.mesa.checkpoint.DurableFiles;
import dev.mesa.checkpoint.JsonCodec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Writes a classifier for PyTorch, with the input/output contract of a TorchScript input file (normalised
 * float NCHW images in, logits out):
 * <ul>
 *   <li>a TorchScript network as TorchScript ({@code torch.jit.load} gives it back, in eval mode, with its
 *       trained parameters and buffers such as BatchNorm statistics);</li>
 *   <li>mesa's own architectures as a safetensors state dict with PyTorch's parameter names
 *       ({@link PyTorchStateDict}): producing TorchScript needs PyTorch's compiler, which mesa does not run.
 *       {@link #writePythonLoader} writes the ten-line PyTorch definition that loads it.</li>
 * </ul>
 * Files are written atomically; nothing is read from the classifier's source file.
 */
public final class ModelExporter {
    public static final String TORCHSCRIPT = "torchscript";
    public static final String SAFETENSORS = "safetensors";
    public static final String PYTHON_LOADER = "mesa_architectures.py";

    private ModelExporter() {}

    /** The format {@link #export} writes for {@code classifier}. */
    public static String formatOf(Classifier classifier) {
        return classifier.spec().isTorchScript() ? TORCHSCRIPT : SAFETENSORS;
    }

    /** Writes {@code classifier} to {@code out} in {@link #formatOf its format}; returns that format. */
    public static String export(Classifier classifier, Path out) {
        String format = formatOf(classifier);
        byte[] bytes = format.equals(TORCHSCRIPT) ? classifier.encodeState() : PyTorchStateDict.encode(classifier);
        DurableFiles.writeBytes(out, bytes);
        return format;
    }

    /** Writes the JSON sidecar (pretty-printed). */
    public static void writeSidecar(Path json, ExportSidecar sidecar) {
        DurableFiles.writeBytes(json, JsonCodec.toBytes(sidecar));
    }

    /** Writes {@value #PYTHON_LOADER} (mesa's architectures in PyTorch, and {@code load}) into {@code directory}. */
    public static Path writePythonLoader(Path directory) {
        Path file = directory.resolve(PYTHON_LOADER);
        try (InputStream in = ModelExporter.class.getResourceAsStream(PYTHON_LOADER)) {
            if (in == null) {
                throw new IllegalStateException(PYTHON_LOADER + " is missing from mesa's resources");
            }
            DurableFiles.writeBytes(file, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
