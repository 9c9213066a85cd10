package dev.mesa.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mesa.checkpoint.JsonCodec;
import dev.mesa.data.ImageShape;
import dev.mesa.data.Normalization;
import dev.mesa.testing.TorchScriptFixtures;
import dev.mesa.training.BatchTransform;
import dev.mesa.training.ClassifierTrainer;
import dev.mesa.training.ClassifierTrainingConfig;
import dev.mesa.training.GradMode;
import dev.mesa.training.LoopSettings;
import dev.mesa.training.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelExporterTest {
    static final Normalization NORM = new Normalization(new float[] {0.4f, 0.5f, 0.6f}, new float[] {0.2f, 0.25f, 0.3f});

    @TempDir
    Path tmp;

    @BeforeAll
    static void noGradientsOutsideCollectors() {
        GradMode.disableOnThisThread();
    }

    /** A few retraining steps, so that parameters and BatchNorm statistics differ from the file's. */
    static void retrain(Classifier c) {
        ClassifierTrainingConfig config = ClassifierTrainingConfig.fineTuning(1, 0.05, 3)
                .withLoop(new LoopSettings(1, 32, true, 100, 100));
        new ClassifierTrainer("t", c, TorchScriptFixtures.DATA.train(), config, BatchTransform.NONE, "none")
                .train(null, TrainingListener.NONE);
    }

    @Test
    void aRetrainedTorchScriptModelExportsAndReimportsWithIdenticalLogits() {
        Path exported = tmp.resolve("repaired.pt");
        float[] evaluation;
        float[] training;
        byte[] state;
        try (Classifier c = TorchScriptFixtures.load(TorchScriptFixtures.SCRIPTED); NDManager m = c.manager().newSubManager()) {
            retrain(c);
            assertEquals(ModelExporter.TORCHSCRIPT, ModelExporter.export(c, exported));
            evaluation = c.logits(TorchScriptFixtures.probeInput(m, 3, 16), false).toFloatArray();
            training = c.trainingLogits(TorchScriptFixtures.probeInput(m, 3, 16), 5).toFloatArray();
            state = c.encodeState();
        }
        try (Classifier back = TorchScriptImporter.load(exported, TorchScriptFixtures.CONTRACT, Device.cpu());
             NDManager m = back.manager().newSubManager();
             Classifier original = TorchScriptFixtures.load(TorchScriptFixtures.SCRIPTED)) {
            assertArrayEquals(evaluation, back.logits(TorchScriptFixtures.probeInput(m, 3, 16), false).toFloatArray());
            assertArrayEquals(training, back.trainingLogits(TorchScriptFixtures.probeInput(m, 3, 16), 5).toFloatArray(),
                    "BatchNorm statistics and dropout export too");
            assertArrayEquals(state, back.encodeState());
            assertFalse(java.util.Arrays.equals(evaluation,
                    original.logits(TorchScriptFixtures.probeInput(m, 3, 16), false).toFloatArray()), "retraining changed it");
        }
    }

    @Test
    void aTorchScriptModelFileHoldsTheModuleAndMesasMetadata() throws IOException {
        Path file = tmp.resolve("suspect.mesa-model");
        float[] before;
        try (Classifier c = TorchScriptFixtures.load(TorchScriptFixtures.TRACED); NDManager m = c.manager().newSubManager()) {
            ModelFile.save(file, c, "synthetic-16", "user's TorchScript");
            before = c.inferenceLogits(TorchScriptFixtures.probeInput(m, 2, 16)).toFloatArray();
        }
        ModelMetadata meta = ModelFile.metadata(file);
        assertEquals(ClassifierSpec.torchScript(4, new ImageShape(3, 16, 16)), meta.spec());
        assertEquals(TorchScriptFixtures.CONTRACT.normalization(), meta.normalization());
        try (Classifier c = ModelFile.load(file, Device.cpu()); NDManager m = c.manager().newSubManager()) {
            assertArrayEquals(before, c.inferenceLogits(TorchScriptFixtures.probeInput(m, 2, 16)).toFloatArray());
            assertEquals(TorchScriptFixtures.CONTRACT.classNames(), c.classNames());
            assertFalse(c.hasTrainingMode());
        }
        String header = new String(dev.mesa.checkpoint.SectionFile.read(file, ModelFile.KIND).section(file, "metadata"));
        assertFalse(header.contains("torchScript\""), "only the spec's components are stored: " + header);
    }

    /**
     * The compact CNN's state dict in PyTorch's names: a state dict written by PyTorch (mesa_architectures.py,
     * seeded weights and statistics) loads into mesa's network, which then computes PyTorch's logits; exporting
     * that network gives back the same tensors under the same names.
     */
    @Test
    void theCompactStateDictHasPyTorchsNamesAndPyTorchsLogits() throws IOException {
        Path fixture = TorchScriptFixtures.file("compact-w4.safetensors");
        JsonNode expected = TorchScriptFixtures.json("compact-w4.expected.json");
        ClassifierSpec spec = new ClassifierSpec(ClassifierSpec.COMPACT, 4, 3, new ImageShape(3, 16, 16));
        try (Classifier c = Classifier.create(spec, NORM, List.of("a", "b", "c"), 1, Device.cpu());
             NDManager m = NDManager.newBaseManager()) {
            PyTorchStateDict.decodeInto(c, Files.readAllBytes(fixture), fixture);
            float[] logits = c.logits(TorchScriptFixtures.probeInput(m, 2, 16), false).toFloatArray();
            float[] pytorch = TorchScriptFixtures.floats(expected.get("logits"));
            for (int i = 0; i < pytorch.length; i++) {
                assertEquals(pytorch[i], logits[i], 1e-5, "logit " + i);
            }
            float[] folded = c.inferenceLogits(TorchScriptFixtures.probeInput(m, 2, 16)).toFloatArray();
            for (int i = 0; i < pytorch.length; i++) {
                assertEquals(pytorch[i], folded[i], 1e-4, "inference logit " + i);
            }
            Path out = tmp.resolve("compact.safetensors");
            assertEquals(ModelExporter.SAFETENSORS, ModelExporter.export(c, out));
            Map<String, NDArray> written = tensors(m, Files.readAllBytes(out));
            Map<String, NDArray> original = tensors(m, Files.readAllBytes(fixture));
            assertEquals(original.keySet(), written.keySet());
            for (String name : original.keySet()) {
                NDArray a = original.get(name);
                NDArray b = written.get(name);
                assertEquals(a.getShape(), b.getShape(), name);
                if (name.endsWith("num_batches_tracked")) {
                    assertEquals(DataType.INT64, b.getDataType());
                    assertEquals(new Shape(), b.getShape());
                } else {
                    assertArrayEquals(a.toFloatArray(), b.toFloatArray(), name);
                }
            }
        }
    }

    /** ResNet-18's exported names and shapes are exactly those of mesa_architectures.ResNet18Cifar's state dict. */
    @Test
    void theResNetStateDictHasPyTorchsNamesAndRoundTrips() throws IOException {
        ClassifierSpec spec = new ClassifierSpec(ClassifierSpec.RESNET18, 2, 3, ImageShape.CIFAR);
        JsonNode pytorch = TorchScriptFixtures.json("resnet18-w2.names.json");
        Path out = tmp.resolve("resnet.safetensors");
        try (Classifier c = Classifier.create(spec, NORM, List.of("a", "b", "c"), 1, Device.cpu());
             Classifier other = Classifier.create(spec, NORM, List.of("a", "b", "c"), 2, Device.cpu());
             NDManager m = NDManager.newBaseManager()) {
            ModelExporter.export(c, out);
            Map<String, NDArray> written = tensors(m, Files.readAllBytes(out));
            List<String> expectedNames = new ArrayList<>();
            for (JsonNode entry : pytorch) {
                String name = entry.get(0).asText();
                expectedNames.add(name);
                List<Long> dims = new ArrayList<>();
                entry.get(1).forEach(d -> dims.add(d.asLong()));
                assertTrue(written.containsKey(name), "missing " + name);
                assertEquals(new Shape(dims), written.get(name).getShape(), name);
            }
            assertEquals(expectedNames.size(), written.size(), "no tensors beyond PyTorch's");
            NDArray x = TorchScriptFixtures.probeInput(m, 2, 32);
            float[] before = c.logits(x, false).toFloatArray();
            assertFalse(java.util.Arrays.equals(before, other.logits(x, false).toFloatArray()));
            PyTorchStateDict.decodeInto(other, Files.readAllBytes(out), out);
            assertArrayEquals(before, other.logits(x, false).toFloatArray());
        }
    }

    @Test
    void theSidecarDescribesTheExportAndTheLoaderIsWritten() throws IOException {
        ClassifierSpec spec = new ClassifierSpec(ClassifierSpec.COMPACT, 4, 3, new ImageShape(3, 16, 16));
        Path json = tmp.resolve("repaired.json");
        try (Classifier c = Classifier.create(spec, NORM, List.of("a", "b", "c"), 1, Device.cpu())) {
            ModelExporter.writeSidecar(json, ExportSidecar.of(c, "mesa beta=0.8",
                    Map.of("asr", 0.97, "clean_accuracy", 0.91), Map.of("asr", 0.04, "clean_accuracy", 0.9)));
        }
        JsonNode read = JsonCodec.mapper().readTree(json.toFile());
        assertEquals(ModelExporter.SAFETENSORS, read.get("format").asText());
        assertEquals("compact", read.get("architecture").asText());
        assertEquals(4, read.get("width").asInt());
        assertEquals(3, read.get("numClasses").asInt());
        assertEquals(16, read.get("inputShape").get("height").asInt());
        assertEquals(0.25, read.get("std").get(1).asDouble(), 1e-6);
        assertEquals("mesa beta=0.8", read.get("variant").asText());
        assertEquals(0.04, read.get("after").get("asr").asDouble());
        Path loader = ModelExporter.writePythonLoader(tmp);
        assertEquals(ModelExporter.PYTHON_LOADER, loader.getFileName().toString());
        assertTrue(Files.readString(loader).contains("def load(weights_path, sidecar_path)"));
    }

    private static Map<String, NDArray> tensors(NDManager m, byte[] safetensors) {
        Map<String, NDArray> out = new HashMap<>();
        for (NDArray t : NDList.decode(m, safetensors)) {
            out.put(t.getName(), t);
        }
        return out;
    }
}
