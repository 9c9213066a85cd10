package dev.mesa.worker.client;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesa.activities.store.ArtifactKeys;
import dev.mesa.model.Classifier;
import dev.mesa.model.ExportSidecar;
import dev.mesa.model.ModelExporter;
import dev.mesa.model.ModelFile;
import dev.mesa.workflows.VariantNames;
import dev.mesa.workflows.WorkflowIds;
import dev.mesa.workflows.activity.ReportRequest;
import dev.mesa.workflows.activity.ReportedModel;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code mesa export}: writes a finished defence's repaired model for PyTorch, from the artifact store alone (the
 * defence's {@code report.json} lists every evaluated model with its key and numbers), so it works however long
 * after the run, with or without the Temporal server. The model is the variant the defence chose, or the one named.
 * A TorchScript input gives a TorchScript file with the same input/output contract; mesa's own architectures give a
 * safetensors state dict plus {@code mesa_architectures.py} beside it. Either way a JSON sidecar beside the model
 * ({@code <name>.json}) records the normalisation, the variant, and clean accuracy and ASR before and after.
 */
public final class RepairedModelExport {
    private static final ObjectMapper MAPPER = JacksonJsonPayloadConverter.newDefaultObjectMapper();
    private static final String REPORT = "report.json";

    /** What was written. */
    public record Written(String variant, String format, Path model, Path sidecar, Path pythonLoader,
                          ReportedModel before, ReportedModel after) {}

    private RepairedModelExport() {}

    /**
     * Exports the model of {@code variant} (null: the chosen one) of the defence {@code id} (its workflow id
     * {@code defense/<defenseId>}, or the bare defence id) from {@code store} to {@code out}.
     */
    public static Written export(Path store, String id, String variant, Path out) {
        List<ReportedModel> models = reportedModels(store, id);
        ReportedModel picked = pick(models, id, variant);
        ReportedModel before = models.stream().filter(m -> m.variant().equals(VariantNames.BEFORE)).findFirst()
                .orElse(null);
        Path file = modelFile(store, picked);
        try (Classifier classifier = ModelFile.load(file, Device.cpu())) {
            String format = ModelExporter.formatOf(classifier);
            requireExtension(out, format);
            Path sidecar = sidecarOf(out);
            ModelExporter.export(classifier, out);
            ModelExporter.writeSidecar(sidecar, ExportSidecar.of(classifier, picked.variant(), numbers(before),
                    numbers(picked)));
            Path loader = format.equals(ModelExporter.SAFETENSORS)
                    ? ModelExporter.writePythonLoader(out.toAbsolutePath().getParent()) : null;
            return new Written(picked.variant(), format, out, sidecar, loader, before, picked);
        }
    }

    /** The JSON beside {@code model}: its name with the extension replaced by {@code .json}. */
    public static Path sidecarOf(Path model) {
        String name = model.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return model.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
    }

    private static List<ReportedModel> reportedModels(Path store, String id) {
        ArtifactKeys.requireValid("ID", id);
        if (!Files.isDirectory(store)) {
            throw new IllegalArgumentException("no artifact store at " + store + ": pass the worker's --store");
        }
        Optional<Path> report = Stream.of(id, WorkflowIds.defense(id))
                .map(candidate -> store.resolve("reports").resolve(candidate).resolve(REPORT))
                .filter(Files::isRegularFile).findFirst();
        if (report.isEmpty()) {
            throw new IllegalArgumentException("no defence report for '" + id + "' in " + store.resolve("reports")
                    + " (is the defence finished, and is this the worker's --store?)");
        }
        ReportRequest request;
        try {
            request = MAPPER.readValue(report.get().toFile(), ReportRequest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(report.get() + " is not a readable report: " + e.getMessage(), e);
        }
        if (request.models() == null || request.models().isEmpty()) {
            throw new IllegalArgumentException(report.get() + " lists no evaluated models: it is a sweep's report,"
                    + " or a defence report written by a mesa older than export (run the defence again)");
        }
        return request.models();
    }

    private static ReportedModel pick(List<ReportedModel> models, String id, String variant) {
        List<String> names = models.stream().map(ReportedModel::variant).toList();
        if (variant != null) {
            return models.stream().filter(m -> m.variant().equals(variant)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("defence " + id + " has no variant '" + variant + "': it has "
                            + names));
        }
        return models.stream().filter(ReportedModel::chosen).findFirst().orElseThrow(() ->
                new IllegalArgumentException("defence " + id + " recommends no repaired model (see mesa report " + id
                        + "): name one with --variant, one of " + names));
    }

    private static Path modelFile(Path store, ReportedModel model) {
        Path key = Path.of(model.modelKey());
        Path location = key.isAbsolute() ? key : store.resolve(ArtifactKeys.requireValid("modelKey", model.modelKey()));
        Path file = Files.isDirectory(location) ? location.resolve("model.mesa-model") : location;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the model of variant " + model.variant() + " (" + model.modelKey()
                    + ") is not in the store " + store + ": was it deleted?");
        }
        return file;
    }

    private static void requireExtension(Path out, String format) {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            throw new IllegalArgumentException("--out " + out + ": the sidecar takes the .json name; name the model"
                    + " file " + (format.equals(ModelExporter.TORCHSCRIPT) ? "*.pt" : "*.safetensors"));
        }
        if (format.equals(ModelExporter.SAFETENSORS) && !name.endsWith(".safetensors")) {
            throw new IllegalArgumentException("--out " + out + ": a model of mesa's own architectures is exported as"
                    + " a safetensors state dict (loaded by mesa_architectures.py): name it *.safetensors");
        }
        if (format.equals(ModelExporter.TORCHSCRIPT) && name.endsWith(".safetensors")) {
            throw new IllegalArgumentException("--out " + out + ": a TorchScript model is exported as TorchScript:"
                    + " name it *.pt");
        }
    }

    private static Map<String, Double> numbers(ReportedModel model) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        if (model != null) {
            numbers.put("clean_accuracy", model.cleanAccuracy());
            if (model.attackSuccessRate() != null) {
                numbers.put("asr", model.attackSuccessRate());
            }
        }
        return numbers;
    }
}
