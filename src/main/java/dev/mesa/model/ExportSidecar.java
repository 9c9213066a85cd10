package dev.mesa.model;

import dev.mesa.data.ImageShape;

import java.util.List;
import java.util.Map;

/**
 * The JSON file written beside an exported model: what the file is ({@code format}: {@value
 * ModelExporter#TORCHSCRIPT} or {@value ModelExporter#SAFETENSORS}), the network it holds (architecture,
 * width, classes and input shape, which {@code mesa_architectures.py} reads to rebuild a state dict's
 * network), the normalisation its inputs need, and what the caller measured: the variant exported and
 * metric name → value before and after the defence (for example {@code clean_accuracy}, {@code asr}).
 */
public record ExportSidecar(int formatVersion, String format, String architecture, int width, int numClasses,
                            ImageShape inputShape, float[] mean, float[] std, List<String> classNames, String variant,
                            Map<String, Double> before, Map<String, Double> after) {
    public static final int FORMAT_VERSION = 1;

    public ExportSidecar {
        classNames = List.copyOf(classNames);
        before = before == null ? Map.of() : Map.copyOf(before);
        after = after == null ? Map.of() : Map.copyOf(after);
    }

    /** The sidecar of {@code classifier} exported by {@link ModelExporter#export}, with the caller's numbers. */
    public static ExportSidecar of(Classifier classifier, String variant, Map<String, Double> before,
                                   Map<String, Double> after) {
        ClassifierSpec spec = classifier.spec();
        return new ExportSidecar(FORMAT_VERSION, ModelExporter.formatOf(classifier), spec.architecture(), spec.width(),
                spec.numClasses(), spec.inputShape(), classifier.normalization().mean(), classifier.normalization().std(),
                classifier.classNames(), variant, before, after);
    }
}
