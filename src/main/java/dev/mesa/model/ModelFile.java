package dev.mesa.model;

import ai.djl.Device;
import dev.mesa.checkpoint.CorruptArtifactException;
import dev.mesa.checkpoint.JsonCodec;
import dev.mesa.checkpoint.SectionFile;
import dev.mesa.checkpoint.TensorCodec;
import dev.mesa.data.ImageShape;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A versioned model file ({@code .mesa-model}): a JSON header ({@link ModelMetadata}) and the network's
 * parameters in one checksummed, atomically written {@link SectionFile}.
 */
public final class ModelFile {
    public static final String KIND = "mesa-model";

    private ModelFile() {}

    public static void save(Path file, Classifier classifier, String dataset, String provenance) {
        ModelMetadata meta = new ModelMetadata(ModelMetadata.FORMAT_VERSION, classifier.spec(),
                classifier.normalization().mean(), classifier.normalization().std(), classifier.classNames(),
                dataset, provenance);
        Map<String, byte[]> sections = new LinkedHashMap<>();
        sections.put("metadata", JsonCodec.toBytes(meta));
        sections.put("parameters", TensorCodec.encodeParameters(classifier.block()));
        new SectionFile(KIND, sections).write(file);
    }

    /** The header only (cheap: no tensors are created). */
    public static ModelMetadata metadata(Path file) {
        return readMetadata(file, SectionFile.read(file, KIND));
    }

    public static Classifier load(Path file, Device device) {
        SectionFile sf = SectionFile.read(file, KIND);
        ModelMetadata meta = readMetadata(file, sf);
        Classifier classifier = Classifier.empty(meta.spec(), meta.normalization(), meta.classNames(), device);
        try {
            TensorCodec.decodeParameters(classifier.block(), classifier.manager(), sf.section(file, "parameters"), file);
            return classifier;
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    /** Loads and checks that the model fits images of {@code shape} with {@code classNames}. */
    public static Classifier load(Path file, Device device, ImageShape shape, List<String> classNames) {
        ModelMetadata meta = metadata(file);
        if (!meta.spec().inputShape().equals(shape)) {
            throw new IllegalArgumentException(file + ": model expects " + meta.spec().inputShape()
                    + " images but the dataset has " + shape);
        }
        if (!meta.classNames().equals(classNames)) {
            throw new IllegalArgumentException(file + ": model classes " + meta.classNames()
                    + " differ from the dataset's " + classNames);
        }
        return load(file, device);
    }

    private static ModelMetadata readMetadata(Path file, SectionFile sf) {
        ModelMetadata meta = JsonCodec.fromBytes(sf.section(file, "metadata"), ModelMetadata.class, file);
        if (meta.formatVersion() != ModelMetadata.FORMAT_VERSION) {
            throw new CorruptArtifactException(file, "model format version " + meta.formatVersion()
                    + " is not supported by this mesa (expects " + ModelMetadata.FORMAT_VERSION + ")");
        }
        if (meta.spec() == null || meta.classNames() == null || meta.mean() == null || meta.std() == null) {
            throw new CorruptArtifactException(file, "model header lacks the spec, class names or normalisation");
        }
        return meta;
    }
}
