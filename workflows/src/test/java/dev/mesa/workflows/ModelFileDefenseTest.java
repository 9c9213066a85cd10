package dev.mesa.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.DescribeInputsRequest;
import dev.mesa.workflows.activity.FailureTypes;
import dev.mesa.workflows.activity.ModelSpec;
import dev.mesa.workflows.activity.ReportRequest;
import dev.mesa.workflows.activity.ReportedModel;
import dev.mesa.workflows.activity.TriggerSpec;
import dev.mesa.workflows.input.UnknownFieldCheck;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A defence of a user's model file ({@code "model": {...}} instead of {@code modelKey}): the first activity imports
 * it and every later step names the stored copy; the input is strict and the dataset follows the model's input size;
 * a bad model fails the run at that first activity without a retry.
 */
class ModelFileDefenseTest {
    private static final ObjectMapper MAPPER = JacksonJsonPayloadConverter.newDefaultObjectMapper();
    private static final List<Double> MEAN = List.of(0.49, 0.48, 0.45);
    private static final List<Double> STD = List.of(0.25, 0.24, 0.26);
    private final WorkflowTestBed bed = new WorkflowTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    static DefenseInput fileDefense(String id, DatasetSpec data, ModelSpec model) {
        return new DefenseInput(id, null, data, null, null, null, null, null, TriggerSpec.blackWhite(170), 0, null, 7L,
                null, null, model);
    }

    private static ModelSpec suspect(List<String> classNames) {
        return new ModelSpec(ModelSpec.TORCHSCRIPT, "/models/suspect.pt", 16, MEAN, STD, classNames);
    }

    @Test
    void everyStepAfterTheFirstNamesTheImportedCopyAndTheReportListsTheModelsForExport() {
        List<String> names = List.of("plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
        DefenseResult result = bed.defense("file").run(fileDefense("file", DatasetSpec.synthetic(), suspect(names)));

        assertEquals(RunStatus.COMPLETED, result.status());
        DescribeInputsRequest described = bed.defenseActivities.describeRequests.get(0);
        assertEquals("/models/suspect.pt", described.model().path());
        assertEquals(null, described.modelKey());
        String stored = "models/imported/suspect.pt";
        assertTrue(bed.defenseActivities.generatorRequests.stream().allMatch(r -> r.modelKey().equals(stored)));
        assertTrue(bed.defenseActivities.retrainRequests.stream().allMatch(r -> r.modelKey().equals(stored)));
        assertEquals(stored, result.evaluations().get(0).modelKey(), "the 'before' model is the stored copy");

        ReportRequest report = bed.defenseActivities.reports.get(0);
        assertEquals("model: /models/suspect.pt (torchscript, stored as " + stored + ")", report.findings().get(0));
        assertEquals("attacked classes: [0 (plane)]", report.findings().get(1));
        List<String> firstRows = report.tables().stream()
                .filter(t -> t.title().equals("detection") || t.title().startsWith("detection scan"))
                .map(t -> t.rows().get(0).label()).toList();
        assertEquals(List.of("class 0 (plane)", "class 0 (plane)"), firstRows, "the scan and detection name classes");
        List<ReportedModel> models = report.models();
        assertEquals(result.evaluations().stream().map(VariantEvaluation::variant).toList(),
                models.stream().map(ReportedModel::variant).toList());
        assertEquals(List.of(result.chosenVariant()), models.stream().filter(ReportedModel::chosen)
                .map(ReportedModel::variant).toList());
        assertEquals(result.chosenModelKey(), models.stream().filter(ReportedModel::chosen).findFirst().orElseThrow()
                .modelKey());
    }

    @Test
    void theDatasetTakesTheModelsInputSizeAndResizesUnlessTold() {
        DatasetSpec folder = new DatasetSpec(DatasetSpec.IMAGE_FOLDER, "/data/audit", null, null, null, null, null);
        DefenseInput input = fileDefense("sizes", folder, suspect(null)).withDefaults().validate();

        assertEquals(16, input.dataset().imageSize());
        assertTrue(input.dataset().resizes());
        DatasetSpec asIs = new DatasetSpec(DatasetSpec.IMAGE_FOLDER, "/data/audit", null, null, null, 16, null, false);
        assertFalse(fileDefense("as-is", asIs, suspect(null)).withDefaults().validate().dataset().resizes());

        DatasetSpec other = new DatasetSpec(DatasetSpec.IMAGE_FOLDER, "/data/audit", null, null, null, 32, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fileDefense("other", other, suspect(null)).withDefaults().validate());
        assertTrue(e.getMessage().contains("dataset.imageSize is 32 but the model takes 16x16"), e.getMessage());
    }

    @Test
    void exactlyOneOfModelKeyAndModelIsRequired() {
        DefenseInput both = new DefenseInput("both", "models/suspect", DatasetSpec.synthetic(), null, null, null, null,
                null, null, null, null, null, null, null, suspect(null));
        assertEquals("give modelKey or model, not both", assertThrows(IllegalArgumentException.class,
                () -> both.withDefaults().validate()).getMessage());
        DefenseInput neither = fileDefense("neither", DatasetSpec.synthetic(), null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> neither.withDefaults().validate()).getMessage()
                .startsWith("a model is required: modelKey"));
    }

    @Test
    void theModelSpecIsCheckedFieldByField() {
        ModelSpec relative = new ModelSpec(ModelSpec.TORCHSCRIPT, "models/suspect.pt", 16, MEAN, STD, null);
        assertTrue(message(relative).startsWith("model.path must be the absolute path"), message(relative));
        ModelSpec onnx = new ModelSpec("onnx", "/m.onnx", 16, MEAN, STD, null);
        assertTrue(message(onnx).startsWith("model.format must be one of [torchscript]"), message(onnx));
        ModelSpec grey = new ModelSpec(ModelSpec.TORCHSCRIPT, "/m.pt", 16, List.of(0.5), STD, null);
        assertTrue(message(grey).startsWith("model.mean must be 3 finite numbers"), message(grey));
        ModelSpec zeroStd = new ModelSpec(ModelSpec.TORCHSCRIPT, "/m.pt", 16, MEAN, List.of(0.2, 0.0, 0.2), null);
        assertTrue(message(zeroStd).startsWith("model.std must be 3 finite numbers > 0"), message(zeroStd));
        ModelSpec twins = new ModelSpec(ModelSpec.TORCHSCRIPT, "/m.pt", 16, MEAN, STD, List.of("cat", "cat"));
        assertTrue(message(twins).startsWith("model.classNames, when given, must be at least 2 distinct"), message(twins));
    }

    @Test
    void unknownFieldsOfTheModelAreRefusedWithTheirPathAndASuggestion() throws Exception {
        String json = """
                {"defenseId": "typo", "dataset": {"kind": "synthetic"},
                 "model": {"format": "torchscript", "path": "/models/suspect.pt", "inputSzie": 16,
                           "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25]}}""";
        DefenseInput input = MAPPER.readValue(json, DefenseInput.class);

        assertEquals(List.of("unknown field `model.inputSzie` (did you mean `inputSize`?)"),
                UnknownFieldCheck.findings(input));
    }

    @Test
    void aBadModelFailsTheRunAtItsFirstActivityWithoutARetry() {
        bed.defenseActivities.hook = (activity, request) -> {
            if (activity.equals("DescribeInputs")) {
                throw ApplicationFailure.newNonRetryableFailure("/models/suspect.pt: not a TorchScript model",
                        FailureTypes.INVALID_MODEL);
            }
        };
        WorkflowFailedException e = assertThrows(WorkflowFailedException.class,
                () -> bed.defense("bad").run(fileDefense("bad", DatasetSpec.synthetic(), suspect(null))));

        ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class,
                assertInstanceOf(ActivityFailure.class, e.getCause()).getCause());
        assertEquals(FailureTypes.INVALID_MODEL, cause.getType());
        assertEquals(List.of("DescribeInputs"), bed.defenseActivities.calls.sequence(),
                "one attempt, nothing after it");
    }

    @Test
    void aModelWhoseWidthDiffersFromTheDataFailsNamingBothNumbers() {
        bed.defenseActivities.modelOutputs = 4;
        WorkflowFailedException e = assertThrows(WorkflowFailedException.class,
                () -> bed.defense("width").run(fileDefense("width", DatasetSpec.synthetic(), suspect(null))));

        ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
        assertEquals(FailureTypes.INVALID_INPUT, cause.getType());
        assertTrue(cause.getOriginalMessage().contains("has 4 outputs but the dataset synthetic:null has 10 classes"),
                cause.getOriginalMessage());
        assertEquals(List.of("DescribeInputs"), bed.defenseActivities.calls.sequence());
    }

    @Test
    void newOptionalFieldsStayOutOfTheJsonWhenUnsetSoExistingRunKeysDoNotChange() {
        JsonNode data = MAPPER.valueToTree(DatasetSpec.synthetic());
        assertFalse(data.has("resize"), data.toString());
        JsonNode report = MAPPER.valueToTree(new ReportRequest("sweep/x", "t", List.of(), List.of(), 1, null));
        assertFalse(report.has("models"), report.toString());
        assertTrue(MAPPER.valueToTree(DatasetSpec.synthetic().forModelInput(16)).get("resize").asBoolean());
    }

    private static String message(ModelSpec spec) {
        return assertThrows(IllegalArgumentException.class, spec::validate).getMessage();
    }
}
