package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mesa.workflows.input.CapturesUnknownFields;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * A user's own classifier file, which a run defends instead of a model mesa trained. The file takes float images
 * {@code (B, 3, inputSize, inputSize)}, normalised per channel as {@code (x - mean) / std} with pixel values
 * {@code x} in [0, 1], and returns logits {@code (B, classes)}; the class count is the output width. The first
 * activity of the run imports it once into the artifact store (the file itself is only read), under a key made from
 * the file's SHA-256 and these fields, and every later step uses that stored copy.
 *
 * @param format        {@value #TORCHSCRIPT}: a file written by {@code torch.jit.trace(...).save} or
 *                      {@code torch.jit.script(...).save}
 * @param path          absolute path of the file on the workers
 * @param inputSize     side of the square images the model takes; the dataset's images are resized to it
 * @param mean          the per-channel mean the model's inputs are normalised with (three values, RGB)
 * @param std           the per-channel standard deviation (three positive values, RGB)
 * @param classNames    optional: one name per output, for reports (default "0", "1", ...)
 * @param unknownFields JSON fields that match no other component, kept only to be refused
 *                      ({@link CapturesUnknownFields})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelSpec(String format, String path, Integer inputSize, List<Double> mean, List<Double> std,
                        List<String> classNames, @JsonAnySetter @JsonIgnore Map<String, Object> unknownFields)
        implements CapturesUnknownFields {

    public static final String TORCHSCRIPT = "torchscript";
    public static final List<String> FORMATS = List.of(TORCHSCRIPT);
    /** Colour channels of the images a model file takes. */
    public static final int CHANNELS = 3;

    public ModelSpec {
        unknownFields = CapturesUnknownFields.copyOf(unknownFields);
    }

    public ModelSpec(String format, String path, Integer inputSize, List<Double> mean, List<Double> std,
                     List<String> classNames) {
        this(format, path, inputSize, mean, std, classNames, Map.of());
    }

    /** A TorchScript file without class names. */
    public static ModelSpec torchScript(String path, int inputSize, List<Double> mean, List<Double> std) {
        return new ModelSpec(TORCHSCRIPT, path, inputSize, mean, std, null);
    }

    public ModelSpec validate() {
        if (format == null || !FORMATS.contains(format)) {
            throw new IllegalArgumentException("model.format must be one of " + FORMATS + ", got " + format
                    + " (save a PyTorch model with torch.jit.trace or torch.jit.script)");
        }
        if (path == null || path.isBlank() || !Path.of(path).isAbsolute()) {
            throw new IllegalArgumentException("model.path must be the absolute path of the model file on the"
                    + " workers, got " + path);
        }
        SettingChecks.atLeast("model.inputSize", inputSize, 4);
        channelValues("model.mean", mean, false);
        channelValues("model.std", std, true);
        if (classNames != null) {
            boolean valid = classNames.size() >= 2 && new HashSet<>(classNames).size() == classNames.size()
                    && classNames.stream().allMatch(n -> n != null && !n.isBlank());
            if (!valid) {
                throw new IllegalArgumentException("model.classNames, when given, must be at least 2 distinct"
                        + " non-blank names, one per output, got " + classNames);
            }
        }
        return this;
    }

    /** The name of output {@code index} for reports: its declared name, or null when none was given. */
    public String className(int index) {
        return classNames != null && index >= 0 && index < classNames.size() ? classNames.get(index) : null;
    }

    private static void channelValues(String field, List<Double> values, boolean positive) {
        boolean valid = values != null && values.size() == CHANNELS && values.stream().allMatch(v -> v != null
                && Double.isFinite(v) && (!positive || v > 0));
        if (!valid) {
            throw new IllegalArgumentException(field + " must be " + CHANNELS + " finite numbers" + (positive
                    ? " > 0" : "") + " (R, G, B: the normalisation the model was trained with), got " + values);
        }
    }
}
