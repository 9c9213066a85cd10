package dev.mesa.worker.command;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesa.data.ImageShape;
import dev.mesa.data.Normalization;
import dev.mesa.model.Classifier;
import dev.mesa.model.ClassifierSpec;
import dev.mesa.model.ModelFile;
import dev.mesa.model.TorchScriptContract;
import dev.mesa.model.TorchScriptImporter;
import dev.mesa.training.GradMode;
import dev.mesa.worker.MesaCli;
import dev.mesa.workflows.activity.ReportRequest;
import dev.mesa.workflows.activity.ReportedModel;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mesa export} from the artifact store alone: the chosen variant of a TorchScript defence comes back as a
 * TorchScript file that, imported again, gives exactly the logits of the stored repaired model (not the original's);
 * a model of mesa's own architecture comes out as a safetensors state dict with the Python loader; the sidecar holds
 * the normalisation, the variant and the numbers; wrong requests are one-line usage errors.
 */
class ExportCommandTest {
    private static final ObjectMapper MAPPER = JacksonJsonPayloadConverter.newDefaultObjectMapper();
    private static final Path FIXTURE = Path.of("../src/test/resources/torchscript/residual.scripted.pt");
    private static final Normalization NORMALISATION = new Normalization(new float[] {0.4f, 0.5f, 0.45f},
            new float[] {0.25f, 0.24f, 0.26f});
    private static final TorchScriptContract CONTRACT = new TorchScriptContract(16, NORMALISATION, List.of());
    @TempDir
    static Path tmp;
    static Path store;

    @BeforeAll
    static void aStoreWithADefenseOfATorchScriptModelAndOneOfACompactCnn() throws IOException {
        GradMode.disableOnThisThread();
        store = tmp.resolve("store");
        try (Classifier original = TorchScriptImporter.load(FIXTURE, CONTRACT, Device.cpu())) {
            ModelFile.save(model("models/imported/sha256-x"), original, "synthetic", "imported");
            original.trainableParameters().get(0).getArray().muli(0.5f);
            ModelFile.save(model("models/repaired/beta=0.8-y"), original, "synthetic", "repaired");
        }
        report("defense/suspect", List.of(new ReportedModel("before", "models/imported/sha256-x", 0.9, 0.97, false),
                new ReportedModel("beta=0.8", "models/repaired/beta=0.8-y", 0.88, 0.04, true)));
        ClassifierSpec compact = new ClassifierSpec(ClassifierSpec.COMPACT, 4, 3, new ImageShape(3, 16, 16));
        try (Classifier own = Classifier.create(compact, NORMALISATION, List.of("a", "b", "c"), 5, Device.cpu())) {
            ModelFile.save(model("models/attacked/bw-170-z"), own, "synthetic", "backdoored");
        }
        report("defense/own", List.of(new ReportedModel("before", "models/attacked/bw-170-z", 0.8, null, false)));
    }

    @Test
    void theChosenTorchScriptVariantReimportsWithTheStoredModelsLogits() throws Exception {
        Path out = tmp.resolve("exported/repaired.pt");
        Files.createDirectories(out.getParent());
        Run run = export("defense/suspect", "--out", out.toString());

        assertEquals(0, run.exitCode, run.err);
        assertTrue(run.out.contains("wrote beta=0.8 as torchscript") && run.out.contains("ASR 97.0% -> 4.0%"), run.out);
        JsonNode sidecar = MAPPER.readTree(tmp.resolve("exported/repaired.json").toFile());
        assertEquals("torchscript", sidecar.get("format").asText());
        assertEquals("beta=0.8", sidecar.get("variant").asText());
        assertEquals(0.04, sidecar.get("after").get("asr").asDouble());
        assertEquals(0.97, sidecar.get("before").get("asr").asDouble());
        assertEquals(0.88, sidecar.get("after").get("clean_accuracy").asDouble());
        assertEquals(0.24f, (float) sidecar.get("std").get(1).asDouble());

        TorchScriptContract fromSidecar = new TorchScriptContract(sidecar.get("inputShape").get("height").asInt(),
                new Normalization(floats(sidecar.get("mean")), floats(sidecar.get("std"))), List.of());
        try (Classifier exported = TorchScriptImporter.load(out, fromSidecar, Device.cpu());
             Classifier repaired = ModelFile.load(model("models/repaired/beta=0.8-y"), Device.cpu());
             Classifier original = ModelFile.load(model("models/imported/sha256-x"), Device.cpu())) {
            assertArrayEquals(logits(repaired), logits(exported), "identical logits after export and re-import");
            assertFalse(java.util.Arrays.equals(logits(original), logits(exported)), "the repaired variant, not the input");
        }
    }

    @Test
    void aNamedVariantIsExportedAndAnUnknownOneListsTheChoices() {
        Path out = tmp.resolve("before.pt");
        assertEquals(0, export("suspect", "--variant", "before", "--out", out.toString()).exitCode);
        assertTrue(Files.isRegularFile(out) && Files.isRegularFile(tmp.resolve("before.json")));

        Run unknown = export("suspect", "--variant", "beta=0.5", "--out", tmp.resolve("x.pt").toString());
        assertEquals(MesaCli.USAGE_ERROR, unknown.exitCode);
        assertEquals("mesa: defence suspect has no variant 'beta=0.5': it has [before, beta=0.8]", unknown.err.trim());
    }

    @Test
    void mesasOwnArchitectureIsAStateDictWithItsPythonLoader() throws Exception {
        Path out = tmp.resolve("own/model.safetensors");
        Files.createDirectories(out.getParent());
        Run refused = export("own", "--variant", "before", "--out", tmp.resolve("own/model.pt").toString());
        assertEquals(MesaCli.USAGE_ERROR, refused.exitCode);
        assertTrue(refused.err.contains("name it *.safetensors"), refused.err);

        Run run = export("own", "--variant", "before", "--out", out.toString());
        assertEquals(0, run.exitCode, run.err);
        assertTrue(Files.isRegularFile(tmp.resolve("own/mesa_architectures.py")));
        JsonNode sidecar = MAPPER.readTree(tmp.resolve("own/model.json").toFile());
        assertEquals("safetensors", sidecar.get("format").asText());
        assertEquals("compact", sidecar.get("architecture").asText());
        assertFalse(sidecar.get("after").has("asr"), "no ASR was measured");
        byte[] bytes = Files.readAllBytes(out);
        long headerLength = java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = MAPPER.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        assertEquals(List.of(4, 3, 3, 3), MAPPER.convertValue(header.get("features.0.weight").get("shape"),
                List.class), "PyTorch's name and shape of the first convolution");
        assertTrue(header.has("features.1.running_mean") && header.has("head.3.bias"), header.toString());
    }

    @Test
    void aDefenseWithoutAChoiceOrWithoutAReportIsAUsageError() {
        Run noChoice = export("own", "--out", tmp.resolve("y.safetensors").toString());
        assertEquals(MesaCli.USAGE_ERROR, noChoice.exitCode);
        assertTrue(noChoice.err.contains("recommends no repaired model") && noChoice.err.contains("[before]"),
                noChoice.err);
        Run missing = export("nobody", "--out", tmp.resolve("z.pt").toString());
        assertEquals(MesaCli.USAGE_ERROR, missing.exitCode);
        assertTrue(missing.err.contains("no defence report for 'nobody'"), missing.err);
    }

    private static Path model(String key) {
        Path file = store.resolve(key).resolve("model.mesa-model");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }

    private static void report(String id, List<ReportedModel> models) throws IOException {
        Path file = store.resolve("reports").resolve(id).resolve("report.json");
        Files.createDirectories(file.getParent());
        MAPPER.writeValue(file.toFile(), new ReportRequest(id, "t", List.of(), List.of(), 1, null, models));
    }

    private static float[] logits(Classifier c) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            float[] v = new float[2 * 3 * 16 * 16];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (1.5 * Math.sin(0.37 * i));
            }
            NDArray images = m.create(v, new Shape(2, 3, 16, 16));
            return c.logits(images, false).toFloatArray();
        }
    }

    private static float[] floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run export(String... args) {
        CommandLine cli = MesaCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream previous = System.out;
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 3];
            all[0] = "export";
            System.arraycopy(args, 0, all, 1, args.length);
            all[args.length + 1] = "--store";
            all[args.length + 2] = store.toString();
            int code = cli.execute(all);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(previous);
        }
    }
}
