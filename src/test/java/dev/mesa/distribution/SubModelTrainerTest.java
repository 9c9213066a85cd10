package dev.mesa.distribution;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.mesa.checkpoint.CorruptArtifactException;
import dev.mesa.checkpoint.SectionFile;
import dev.mesa.checkpoint.TensorCodec;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import dev.mesa.random.Seeds;
import dev.mesa.testing.TinyModels;
import dev.mesa.training.LoopSettings;
import dev.mesa.training.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sub-model training end to end, and the generator file it writes. */
class SubModelTrainerTest {
    @TempDir
    Path tmp;

    static final MesaConfig SMALL = GeneratorTrainerTest.SMALL;

    @Test
    void writesAGeneratorFileWhoseHeaderCarriesTheReturnedReport() {
        Path file = tmp.resolve("out/c0-b0.8.mesa-generator");
        SubModelReport report;
        String spec;
        try (Classifier backdoored = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu())) {
            spec = backdoored.spec().toString();
            report = new SubModelTrainer(LoopSettings.of(1, 1, true).withIntervals(2, 3), 32).train(backdoored,
                    GeneratorTrainerTest.firstImages(64), TinyModels.TARGET, 0.8, 3, SMALL, 21,
                    new SubModelTrainer.Paths(tmp.resolve("ckpt/c0.ckpt"), file), TrainingListener.NONE);
        }
        // 64 images, batch 16, 2 epochs
        assertEquals(8, report.steps());
        assertEquals(TinyModels.TARGET, report.targetClass());
        assertEquals(0.8, report.beta());
        assertEquals(report.meanTestingFunction() < 0.8, report.skipped());
        assertTrue(report.diversity() > 0 && Double.isFinite(report.mutualInformation()), report.toString());
        GeneratorMetadata meta = GeneratorFile.metadata(file);
        assertEquals(report, meta.report());
        assertEquals(new GeneratorMetadata(GeneratorMetadata.FORMAT_VERSION, SMALL, 3, 3, 3, TinyModels.TARGET, 0.8, spec,
                report), meta);
        try (TriggerGeneratorModel loaded = GeneratorFile.load(file, Device.cpu());
             TriggerGeneratorModel fresh = TriggerGeneratorModel.create(SMALL, 3, 3, 3, 21, Device.cpu())) {
            assertEquals(SMALL, loaded.config());
            assertFalse(Arrays.equals(TensorCodec.encodeParameters(fresh.generator()),
                    TensorCodec.encodeParameters(loaded.generator())), "the file holds the trained generator");
        }
    }

    /** A sub-model trained for a few steps, so its BatchNorm running statistics are not the defaults. */
    static TriggerGeneratorModel trainedModel() {
        TriggerGeneratorModel model = TriggerGeneratorModel.create(SMALL, 3, 3, 3, 8, Device.cpu());
        try (Classifier backdoored = ModelFile.load(TinyModels.get().backdooredModel, Device.cpu())) {
            new GeneratorTrainer(model, backdoored, GeneratorTrainerTest.firstImages(64), TinyModels.TARGET, 0.8, 8)
                    .train(LoopSettings.of(1, 1, true).withIntervals(4, 100), null, TrainingListener.NONE);
        }
        return model;
    }

    static GeneratorMetadata metadata(int formatVersion) {
        return new GeneratorMetadata(formatVersion, SMALL, 3, 3, 3, 0, 0.8, "test",
                new SubModelReport(0, 0.8, 0.9, 0.95, 0.4, 0.7, false, 8));
    }

    @Test
    void roundTripSamplesIdenticalTriggersForTheSameStream() {
        Path file = tmp.resolve("g.mesa-generator");
        float[] before;
        float[] statisticsBefore;
        byte[] parametersBefore;
        try (TriggerGeneratorModel model = trainedModel(); NDManager m = NDManager.newBaseManager()) {
            before = model.sample(m, 32, Seeds.stream(4, "round-trip")).toFloatArray();
            var z = model.uniformNoise(m, 32, Seeds.stream(5, "z"));
            statisticsBefore = model.statistics(z, model.generate(z, false)).toFloatArray();
            parametersBefore = TensorCodec.encodeParameters(model.generator());
            GeneratorFile.save(file, model, metadata(GeneratorMetadata.FORMAT_VERSION));
        }
        assertEquals(metadata(GeneratorMetadata.FORMAT_VERSION), GeneratorFile.metadata(file));
        try (TriggerGeneratorModel loaded = GeneratorFile.load(file, Device.cpu()); NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(parametersBefore, TensorCodec.encodeParameters(loaded.generator()));
            assertArrayEquals(before, loaded.sample(m, 32, Seeds.stream(4, "round-trip")).toFloatArray());
            var z = loaded.uniformNoise(m, 32, Seeds.stream(5, "z"));
            assertArrayEquals(statisticsBefore, loaded.statistics(z, loaded.generate(z, false)).toFloatArray());
            assertFalse(Arrays.equals(before, loaded.sample(m, 32, Seeds.stream(5, "round-trip")).toFloatArray()));
        }
    }

    @Test
    void corruptOrForeignGeneratorFilesAreRejected() throws IOException {
        Path file = tmp.resolve("g.mesa-generator");
        try (TriggerGeneratorModel model = TriggerGeneratorModel.create(SMALL, 3, 3, 3, 1, Device.cpu())) {
            GeneratorFile.save(file, model, metadata(GeneratorMetadata.FORMAT_VERSION));
        }
        byte[] bytes = Files.readAllBytes(file);
        Path flipped = tmp.resolve("flipped.mesa-generator");
        byte[] f = bytes.clone();
        f[f.length / 2] ^= 0x10;
        Files.write(flipped, f);
        assertThrows(CorruptArtifactException.class, () -> GeneratorFile.load(flipped, Device.cpu()));
        assertThrows(CorruptArtifactException.class, () -> GeneratorFile.metadata(flipped));
        Path truncated = tmp.resolve("truncated.mesa-generator");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 7));
        assertThrows(CorruptArtifactException.class, () -> GeneratorFile.load(truncated, Device.cpu()));

        CorruptArtifactException e = assertThrows(CorruptArtifactException.class,
                () -> GeneratorFile.load(TinyModels.get().backdooredModel, Device.cpu()));
        assertTrue(e.getMessage().contains(GeneratorFile.KIND), e.getMessage());

        Path future = tmp.resolve("future.mesa-generator");
        try (TriggerGeneratorModel model = TriggerGeneratorModel.create(SMALL, 3, 3, 3, 1, Device.cpu())) {
            GeneratorFile.save(future, model, metadata(GeneratorMetadata.FORMAT_VERSION + 1));
        }
        e = assertThrows(CorruptArtifactException.class, () -> GeneratorFile.load(future, Device.cpu()));
        assertTrue(e.getMessage().contains("format"), e.getMessage());

        // parameters of another width under a valid header
        SectionFile sf = SectionFile.read(file, GeneratorFile.KIND);
        Path mismatched = tmp.resolve("mismatched.mesa-generator");
        try (TriggerGeneratorModel wide = TriggerGeneratorModel.create(SMALL.withHidden(32), 3, 3, 3, 1, Device.cpu())) {
            new SectionFile(GeneratorFile.KIND, Map.of("metadata", sf.section(file, "metadata"),
                    "generator", TensorCodec.encodeParameters(wide.generator()),
                    "statistics", sf.section(file, "statistics"))).write(mismatched);
        }
        e = assertThrows(CorruptArtifactException.class, () -> GeneratorFile.load(mismatched, Device.cpu()));
        assertTrue(e.getMessage().contains("architecture"), e.getMessage());
    }
}
