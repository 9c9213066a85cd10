package dev.mesa.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.mesa.checkpoint.CorruptArtifactException;
import dev.mesa.checkpoint.SectionFile;
import dev.mesa.data.BatchAssembler;
import dev.mesa.data.Augmentation;
import dev.mesa.data.DatasetSplits;
import dev.mesa.data.ImageShape;
import dev.mesa.data.SyntheticDataset;
import dev.mesa.testing.TorchScriptFixtures;
import dev.mesa.training.BatchTransform;
import dev.mesa.training.ClassifierTrainer;
import dev.mesa.training.ClassifierTrainingConfig;
import dev.mesa.training.LoopSettings;
import dev.mesa.training.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {
    static DatasetSplits data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void data() {
        data = SyntheticDataset.generate(new SyntheticDataset.Spec(3, 16, 4, 8, 1));
    }

    /** A compact classifier trained for a few steps, so weights and BatchNorm running statistics are not the defaults. */
    static Classifier trained() {
        Classifier c = Classifier.create(new ClassifierSpec(ClassifierSpec.COMPACT, 4, 3, data.shape()),
                data.normalization(), data.train().classNames(), 2, Device.cpu());
        ClassifierTrainingConfig config = ClassifierTrainingConfig.fineTuning(1, 0.05, 3)
                .withLoop(new LoopSettings(1, 8, true, 100, 100));
        new ClassifierTrainer("t", c, data.train(), config, BatchTransform.NONE, "none").train(null, TrainingListener.NONE);
        return c;
    }

    static float[] logits(Classifier c) {
        BatchAssembler assembler = new BatchAssembler(data.test(), c.normalization());
        try (NDManager m = c.manager().newSubManager()) {
            int[] idx = java.util.stream.IntStream.range(0, data.test().size()).toArray();
            return c.logits(assembler.assemble(idx, Augmentation.NONE, null).imagesOn(m), false).toFloatArray();
        }
    }

    @Test
    void roundTripGivesIdenticalLogitsAndHeader() {
        Path file = tmp.resolve("m.mesa-model");
        float[] before;
        try (Classifier c = trained()) {
            before = logits(c);
            ModelFile.save(file, c, data.train().name(), "clean");
        }
        ModelMetadata meta = ModelFile.metadata(file);
        assertEquals(new ClassifierSpec(ClassifierSpec.COMPACT, 4, 3, data.shape()), meta.spec());
        assertEquals(data.train().classNames(), meta.classNames());
        assertEquals(data.normalization(), meta.normalization());
        assertEquals("clean", meta.provenance());
        assertEquals(data.train().name(), meta.dataset());
        try (Classifier loaded = ModelFile.load(file, Device.cpu(), data.shape(), data.train().classNames())) {
            assertArrayEquals(before, logits(loaded));
            assertEquals(data.normalization(), loaded.normalization());
        }
        try (Classifier fresh = Classifier.create(meta.spec(), meta.normalization(), meta.classNames(), 2, Device.cpu())) {
            assertFalse(java.util.Arrays.equals(before, logits(fresh)), "training changed the model (test is meaningful)");
        }
    }

    @Test
    void datasetMismatchIsAClearError() {
        Path file = tmp.resolve("m.mesa-model");
        try (Classifier c = trained()) {
            ModelFile.save(file, c, data.train().name(), "clean");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.load(file, Device.cpu(), ImageShape.CIFAR, data.train().classNames()));
        assertTrue(e.getMessage().contains("3x8x8") && e.getMessage().contains("3x32x32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.load(file, Device.cpu(), data.shape(), List.of("a", "b", "c", "d")));
        assertTrue(e.getMessage().contains("classes") && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void aTorchScriptModelFitsDataByItsClassCountWhateverTheNamesAre() {
        Path file = tmp.resolve("ts.mesa-model");
        try (Classifier c = TorchScriptFixtures.load(TorchScriptFixtures.SCRIPTED)) {
            ModelFile.save(file, c, "unknown", "imported");
        }
        ImageShape shape = new ImageShape(3, TorchScriptFixtures.SIZE, TorchScriptFixtures.SIZE);
        try (Classifier loaded = ModelFile.load(file, Device.cpu(), shape, List.of("00000", "00001", "00002", "00003"))) {
            assertEquals(TorchScriptFixtures.CLASSES, loaded.numClasses(), "folder names other than its own are fine");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.load(file, Device.cpu(), shape, List.of("a", "b", "c")));
        assertTrue(e.getMessage().contains("has 4 outputs but the dataset has 3 classes"), e.getMessage());
    }

    @Test
    void corruptOrForeignFilesAreRejected() throws IOException {
        Path file = tmp.resolve("m.mesa-model");
        try (Classifier c = trained()) {
            ModelFile.save(file, c, data.train().name(), "clean");
        }
        byte[] bytes = Files.readAllBytes(file);
        Path flipped = tmp.resolve("flipped.mesa-model");
        bytes[bytes.length / 2] ^= 1;
        Files.write(flipped, bytes);
        assertThrows(CorruptArtifactException.class, () -> ModelFile.load(flipped, Device.cpu()));
        Path truncated = tmp.resolve("truncated.mesa-model");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(file), 100));
        assertThrows(CorruptArtifactException.class, () -> ModelFile.load(truncated, Device.cpu()));

        Path checkpoint = tmp.resolve("x.ckpt");
        new SectionFile("mesa-checkpoint", Map.of("header", new byte[] {1})).write(checkpoint);
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> ModelFile.load(checkpoint, Device.cpu()));
        assertTrue(e.getMessage().contains("mesa-model"), e.getMessage());
    }

    @Test
    void parametersThatDoNotFitTheHeaderAreRejected() {
        Path file = tmp.resolve("m.mesa-model");
        try (Classifier c = trained()) {
            ModelFile.save(file, c, data.train().name(), "clean");
        }
        SectionFile sf = SectionFile.read(file, ModelFile.KIND);
        String header = sf.text(file, "metadata").replace("\"width\" : 4", "\"width\" : 5");
        assertTrue(header.contains("\"width\" : 5"), header);
        Path edited = tmp.resolve("edited.mesa-model");
        new SectionFile(ModelFile.KIND, Map.of("metadata", header.getBytes(), "parameters", sf.section(file, "parameters")))
                .write(edited);
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> ModelFile.load(edited, Device.cpu()));
        assertTrue(e.getMessage().contains("architecture"), e.getMessage());
    }
}
