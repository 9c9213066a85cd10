package dev.mesa.model;

import ai.djl.Device;
import dev.mesa.checkpoint.CorruptArtifactException;
import dev.mesa.checkpoint.JsonCodec;
import dev.mesa.checkpoint.SectionFile;
import dev.mesa.data.ImageShape;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A versioned model file ({@code .mesa-model}): a JSON header ({@link ModelMetadata}) and the network's
 * state in one checksummed, atomically written {@link SectionFile}: DJL's parameter encoding in section
 * {@value #PARAMETERS} for mesa's own architectures, the serialised TorchScript module (parameters and
 * buffers) in section {@value #TORCHSCRIPT_MODULE} for a TorchScript network.
 */
public final class ModelFile {
    public static final String KIND = "mesa-model";
    static final String PARAMETERS = "parameters";
    static final String TORCHSCRIPT_MODULE = "torchscript-module";

    private ModelFile() {}

    public static void save(Path file, Classifier classifier, String dataset, String provenance) {
        ModelMetadata meta = new ModelMetadata(ModelMetadata.FORMAT_VERSION, classifier.spec(),
                classifier.normalization().mean(), classifier.normalization().std(), classifier.classNames(),
                dataset, provenance);
        Map<String, byte[]> sections = new LinkedHashMap<>();
        sections.put("metadata", JsonCodec.toBytes(meta));
        sections.put(stateSection(classifier.spec()), classifier.encodeState());
        new SectionFile(KIND, sections).write(file);
    }

    /** The header only (cheap: no tensors are created). */
    public static ModelMetadata metadata(Path file) {
        return readMetadata(file, SectionFile.read(file, KIND));
    }

    public static Classifier load(Path file, Device device) {
        SectionFile sf = SectionFile.read(file, KIND);
        ModelMetadata meta = readMetadata(file, sf);
        if (meta.spec().isTorchScript()) {
            return loadTorchScript(file, sf, meta, device);
        }
        Classifier classifier = Classifier.empty(meta.spec(), meta.normalization(), meta.classNames(), device);
        try {
            classifier.restoreState(sf.section(file, PARAMETERS), file);
            return classifier;
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    /**
     * Loads and checks that the model fits images of {@code shape} with {@code classNames}: the same names for
     * mesa's own models (trained on that data), as many outputs as names for a TorchScript network (its names
     * label reports; the data's labels are class indices).
     */
    public static Classifier load(Path file, Device device, ImageShape shape, List<String> classNames) {
        ModelMetadata meta = metadata(file);
        if (!meta.spec().inputShape().equals(shape)) {
            throw new IllegalArgumentException(file + ": model expects " + meta.spec().inputShape()
                    + " images but the dataset has " + shape);
        }
        if (meta.spec().isTorchScript()) {
            if (meta.spec().numClasses() != classNames.size()) {
                throw new IllegalArgumentException(file + ": the model has " + meta.spec().numClasses()
                        + " outputs but the dataset has " + classNames.size() + " classes " + classNames);
            }
        } else if (!meta.classNames().equals(classNames)) {
            throw new IllegalArgumentException(file + ": model classes " + meta.classNames()
                    + " differ from the dataset's " + classNames);
        }
        return load(file, device);
    }

    private static Classifier loadTorchScript(Path file, SectionFile sf, ModelMetadata meta, Device device) {
        try {
            return Classifier.torchScript(sf.section(file, TORCHSCRIPT_MODULE), meta.spec(), meta.normalization(),
                    meta.classNames(), device);
        } catch (CorruptArtifactException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CorruptArtifactException(file, "its TorchScript module cannot be loaded ("
                    + EngineMessages.summary(e) + ")", e);
        }
    }

    private static String stateSection(ClassifierSpec spec) {
        return spec.isTorchScript() ? TORCHSCRIPT_MODULE : PARAMETERS;
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
