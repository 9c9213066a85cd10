package dev.mesa.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mesa.data.SyntheticDataset;
import dev.mesa.testing.TorchScriptFixtures;
import dev.mesa.training.GradMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.mesa.testing.TorchScriptFixtures.CONTRACT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TorchScriptImporterTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void noGradientsOutsideCollectors() {
        GradMode.disableOnThisThread();
    }

    @Test
    void scriptedAndTracedFilesGiveThePyTorchLogitsAndTheirOutputWidth() {
        JsonNode expected = TorchScriptFixtures.json("residual.expected.json");
        for (String name : List.of(TorchScriptFixtures.SCRIPTED, TorchScriptFixtures.TRACED)) {
            try (Classifier c = TorchScriptFixtures.load(name); NDManager m = c.manager().newSubManager()) {
                assertEquals(ClassifierSpec.torchScript(4, CONTRACT.inputShape()), c.spec());
                assertEquals(4, c.numClasses());
                assertEquals(CONTRACT.classNames(), c.classNames());
                float[] logits = c.logits(TorchScriptFixtures.probeInput(m, 2, 16), false).toFloatArray();
                float[] pytorch = TorchScriptFixtures.floats(expected.get(name.contains("scripted") ? "scripted" : "traced"));
                assertEquals(pytorch.length, logits.length);
                for (int i = 0; i < logits.length; i++) {
                    assertEquals(pytorch[i], logits[i], 1e-5, name + " logit " + i);
                }
                assertEquals(c.logits(TorchScriptFixtures.probeInput(m, 2, 16), false).toFloatArray()[0],
                        c.inferenceLogits(TorchScriptFixtures.probeInput(m, 2, 16)).toFloatArray()[0]);
            }
        }
    }

    @Test
    void classNamesDefaultToOutputIndices() {
        TorchScriptContract unnamed = new TorchScriptContract(16, CONTRACT.normalization(), null);
        try (Classifier c = TorchScriptImporter.load(TorchScriptFixtures.file(TorchScriptFixtures.TRACED), unnamed, Device.cpu())) {
            assertEquals(List.of("0", "1", "2", "3"), c.classNames());
        }
    }

    @Test
    void aScriptedModelHasATrainingModeATracedOneDoesNot() {
        try (Classifier scripted = TorchScriptFixtures.load(TorchScriptFixtures.SCRIPTED);
             Classifier traced = TorchScriptFixtures.load(TorchScriptFixtures.TRACED)) {
            assertTrue(scripted.hasTrainingMode());
            assertFalse(traced.hasTrainingMode());
        }
    }

    @Test
    void aStateDictIsNotTorchScript() {
        assertRejected("state-dict.pt", CONTRACT, "not a TorchScript model", "torch.jit.script");
    }

    @Test
    void arbitraryBytesAreNotTorchScript() throws IOException {
        Path junk = Files.writeString(tmp.resolve("model.pt"), "definitely not a zip archive");
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> TorchScriptImporter.load(junk, CONTRACT, Device.cpu()));
        assertTrue(e.getMessage().startsWith(junk.toString()) && e.getMessage().contains("not a TorchScript model"),
                e.getMessage());
        InvalidModelException missing = assertThrows(InvalidModelException.class,
                () -> TorchScriptImporter.load(tmp.resolve("absent.pt"), CONTRACT, Device.cpu()));
        assertTrue(missing.getMessage().contains("no such model file"), missing.getMessage());
    }

    @Test
    void aModelThatTakesOneChannelIsRejectedWithTheEngineReason() {
        InvalidModelException e = assertRejected("wrong-input.pt", CONTRACT, "does not accept a batch of normalised 3x16x16");
        assertTrue(e.getMessage().contains("channels"), e.getMessage());
    }

    @Test
    void aModelFedTheWrongInputSizeIsRejected() {
        // global average pooling accepts any size, so declare one the network cannot pool three times: 1x1
        TorchScriptContract tiny = new TorchScriptContract(1, CONTRACT.normalization(), List.of());
        assertRejected(TorchScriptFixtures.SCRIPTED, tiny, "does not accept a batch of normalised 3x1x1");
    }

    @Test
    void nanLogitsAreRejected() {
        assertRejected("nan-logits.pt", CONTRACT, "non-finite logits");
    }

    @Test
    void aModelTracedInTrainingModeIsRejected() {
        assertRejected("training-mode.traced.pt", CONTRACT, "training mode", "model.eval()");
    }

    @Test
    void classNamesMustMatchTheOutputWidth() {
        TorchScriptContract three = new TorchScriptContract(16, CONTRACT.normalization(), List.of("a", "b", "c"));
        assertRejected(TorchScriptFixtures.TRACED, three, "4 outputs but 3 class names");
    }

    @Test
    void theOutputWidthIsCheckedAgainstTheDataset() {
        var threeClasses = SyntheticDataset.generate(new SyntheticDataset.Spec(3, 2, 2, 16, 1)).test();
        var otherSize = SyntheticDataset.generate(new SyntheticDataset.Spec(4, 2, 2, 8, 1)).test();
        try (Classifier c = TorchScriptFixtures.load(TorchScriptFixtures.TRACED)) {
            TorchScriptImporter.requireFits(c, TorchScriptFixtures.DATA.test());
            InvalidModelException classes = assertThrows(InvalidModelException.class,
                    () -> TorchScriptImporter.requireFits(c, threeClasses));
            assertTrue(classes.getMessage().contains("4 outputs") && classes.getMessage().contains("3 classes"),
                    classes.getMessage());
            InvalidModelException size = assertThrows(InvalidModelException.class,
                    () -> TorchScriptImporter.requireFits(c, otherSize));
            assertTrue(size.getMessage().contains("3x16x16") && size.getMessage().contains("3x8x8"), size.getMessage());
        }
    }

    @Test
    void theInputFileIsReadNeverWritten() throws IOException {
        Path copy = Files.copy(TorchScriptFixtures.file(TorchScriptFixtures.SCRIPTED), tmp.resolve("user.pt"));
        String before = TorchScriptFixtures.sha256(copy);
        long modified = Files.getLastModifiedTime(copy).toMillis();
        try (Classifier c = TorchScriptImporter.load(copy, CONTRACT, Device.cpu())) {
            c.hasTrainingMode();
            ModelExporter.export(c, tmp.resolve("exported.pt"));
        }
        assertEquals(before, TorchScriptFixtures.sha256(copy));
        assertEquals(modified, Files.getLastModifiedTime(copy).toMillis());
    }

    private static InvalidModelException assertRejected(String fixture, TorchScriptContract contract, String... phrases) {
        Path file = TorchScriptFixtures.file(fixture);
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> TorchScriptImporter.load(file, contract, Device.cpu()));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        for (String phrase : phrases) {
            assertTrue(e.getMessage().contains(phrase), "'" + phrase + "' missing from: " + e.getMessage());
        }
        assertTrue(e.getMessage().length() < 600, "message too long: " + e.getMessage());
        return e;
    }
}
