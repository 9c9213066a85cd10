package dev.mesa.distribution;

import ai.djl.Device;
import dev.mesa.checkpoint.CorruptArtifactException;
import dev.mesa.checkpoint.JsonCodec;
import dev.mesa.checkpoint.SectionFile;
import dev.mesa.checkpoint.TensorCodec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A trained sub-model on disk ({@code .mesa-generator}): header, generator and statistics-network parameters. */
public final class GeneratorFile {
    public static final String KIND = "mesa-generator";

    private GeneratorFile() {}

    public static void save(Path file, TriggerGeneratorModel model, GeneratorMetadata metadata) {
        Map<String, byte[]> sections = new LinkedHashMap<>();
        sections.put("metadata", JsonCodec.toBytes(metadata));
        sections.put("generator", TensorCodec.encodeParameters(model.generator()));
        sections.put("statistics", TensorCodec.encodeParameters(model.statisticsNetwork()));
        new SectionFile(KIND, sections).write(file);
    }

    public static GeneratorMetadata metadata(Path file) {
        return readMetadata(file, SectionFile.read(file, KIND));
    }

    /** Loads the sub-model (in inference use: sample with {@link TriggerGeneratorModel#sample}). */
    public static TriggerGeneratorModel load(Path file, Device device) {
        SectionFile sf = SectionFile.read(file, KIND);
        GeneratorMetadata meta = readMetadata(file, sf);
        TriggerGeneratorModel model = TriggerGeneratorModel.empty(meta.config(), meta.channels(), meta.height(),
                meta.width(), device);
        try {
            TensorCodec.decodeParameters(model.generator(), model.manager(), sf.section(file, "generator"), file);
            TensorCodec.decodeParameters(model.statisticsNetwork(), model.manager(), sf.section(file, "statistics"), file);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static GeneratorMetadata readMetadata(Path file, SectionFile sf) {
        GeneratorMetadata meta = JsonCodec.fromBytes(sf.section(file, "metadata"), GeneratorMetadata.class, file);
        if (meta.formatVersion() != GeneratorMetadata.FORMAT_VERSION || meta.config() == null) {
            throw new CorruptArtifactException(file, "unsupported or incomplete generator header (format "
                    + meta.formatVersion() + ")");
        }
        return meta;
    }
}
