package dev.mesa.activities;

import dev.mesa.checkpoint.SectionFile;
import dev.mesa.model.ModelFile;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.DescribeInputsRequest;
import dev.mesa.workflows.activity.DetectTargetsRequest;
import dev.mesa.workflows.activity.DetectionOutcome;
import dev.mesa.workflows.activity.EvaluateRequest;
import dev.mesa.workflows.activity.EvaluationOutcome;
import dev.mesa.workflows.activity.FailureTypes;
import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.InputDescription;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.ModelSpec;
import dev.mesa.workflows.activity.RetrainRequest;
import dev.mesa.workflows.activity.RetrainSettings;
import dev.mesa.workflows.activity.ReverseTriggerRequest;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import dev.mesa.workflows.activity.TriggerArtifact;
import dev.mesa.workflows.activity.TriggerSource;
import dev.mesa.workflows.activity.TriggerSpec;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's TorchScript file through the worker's activities: {@code describeInputs} imports it once under a key that
 * carries its SHA-256 (and leaves the file as it was), refuses bad models as a non-retryable {@code InvalidModel},
 * and every stage of the defence (detection generators, the detection rule, MESA staircase generators, the reversed
 * trigger of the baseline, retraining, evaluation) runs on the stored copy, on synthetic data and on a test-only
 * image folder of another image size.
 */
class ModelFileActivitiesTest {
    static final Path FIXTURES = Path.of("../src/test/resources/torchscript");
    /** The fixtures' data: 4 classes of 16×16 synthetic images. */
    static final DatasetSpec DATA = new DatasetSpec(DatasetSpec.SYNTHETIC, null, 4, 40, 40, 16, 3L);
    static final List<Double> MEAN = List.of(0.45, 0.47, 0.44);
    static final List<Double> STD = List.of(0.24, 0.23, 0.25);
    private static final RetrainSettings RETRAIN = new RetrainSettings(1, 0.2, 1e-3, 0.9, 32);
    @TempDir
    static Path tmp;
    private static ActivityTestBed bed;

    @BeforeAll
    static void start() {
        bed = new ActivityTestBed();
    }

    @AfterAll
    static void close() {
        bed.close();
    }

    static ModelSpec spec(Path file) {
        return ModelSpec.torchScript(file.toAbsolutePath().normalize().toString(), 16, MEAN, STD);
    }

    static InputDescription describe(ActivityTestBed on, DatasetSpec data, ModelSpec model) {
        return on.defense.describeInputs(new DescribeInputsRequest(data, null, model));
    }

    @Test
    void theFileIsImportedOnceUnderItsContentHashAndLeftAsItWas() throws Exception {
        Path file = tmp.resolve("suspect.pt");
        Files.copy(FIXTURES.resolve("residual.scripted.pt"), file);
        FileTime modified = Files.getLastModifiedTime(file);
        byte[] bytes = Files.readAllBytes(file);
        String sha = ModelFileImport.sha256(file);

        InputDescription d = describe(bed, DATA, spec(file));

        assertEquals(4, d.modelOutputs());
        assertEquals(4, d.agreedClassCount(null));
        assertTrue(d.modelArtifact().startsWith("models/imported/sha256-" + sha.substring(0, 16) + "-"), d.modelArtifact());
        Path stored = bed.storeDir.resolve(d.modelArtifact()).resolve(ModelFiles.MODEL);
        assertTrue(ModelFile.metadata(stored).spec().isTorchScript());
        assertTrue(ModelFile.metadata(stored).provenance().contains(sha), ModelFile.metadata(stored).provenance());
        assertTrue(Arrays.equals(bytes, Files.readAllBytes(file)), "the input file is never written");
        assertEquals(modified, Files.getLastModifiedTime(file));

        Path elsewhere = tmp.resolve("copy-of-suspect.pt");
        Files.copy(file, elsewhere);
        assertEquals(d.modelArtifact(), describe(bed, DATA, spec(elsewhere)).modelArtifact(),
                "the same bytes and contract are the same model, whatever the file is called");
        ModelSpec otherNormalisation = ModelSpec.torchScript(file.toString(), 16, MEAN, List.of(0.5, 0.5, 0.5));
        assertFalse(d.modelArtifact().equals(describe(bed, DATA, otherNormalisation).modelArtifact()));
    }

    @Test
    void badModelsFailAtOnceAsInvalidModelsSayingWhatIsWrong() {
        assertInvalidModel("state-dict.pt", "not a TorchScript model");
        assertInvalidModel("wrong-input.pt", "does not accept a batch of normalised 3x16x16");
        assertInvalidModel("nan-logits.pt", "non-finite logits");
        assertInvalidModel("training-mode.traced.pt", "saved in training mode");
        ApplicationFailure missing = ModelActivitiesTest.failure(() -> describe(bed, DATA,
                spec(tmp.resolve("nowhere.pt"))));
        assertEquals(FailureTypes.INVALID_MODEL, missing.getType());
        assertTrue(missing.getOriginalMessage().contains("no such file"), missing.getOriginalMessage());
    }

    @Test
    void aModelWhoseWidthDiffersFromTheDataIsRefusedNamingBothNumbers() {
        DatasetSpec tenClasses = new DatasetSpec(DatasetSpec.SYNTHETIC, null, 10, 4, 4, 16, 3L);
        InputDescription d = describe(bed, tenClasses, spec(FIXTURES.resolve("residual.traced.pt")));

        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> d.agreedClassCount(null));
        assertTrue(e.getMessage().contains("has 4 outputs but the dataset synthetic") && e.getMessage()
                .contains("has 10 classes"), e.getMessage());
    }

    @Test
    void everyStageOfTheDefenseRunsOnTheStoredCopy() {
        String model = describe(bed, DATA, spec(FIXTURES.resolve("residual.scripted.pt"))).modelArtifact();
        List<GeneratorArtifact> detection = IntStream.range(0, 4).mapToObj(c -> bed.defense.trainGenerator(
                new TrainGeneratorRequest(model, DATA, c, 0.9, 3, ActivityTestBed.MESA, 7 + c,
                        TrainGeneratorRequest.DETECTION))).toList();
        DetectionOutcome outcome = bed.defense.detectTargets(new DetectTargetsRequest(detection, 0.5, 2.0, 1));
        assertEquals(List.of(0, 1, 2, 3), outcome.perClass().stream().map(s -> s.classIndex()).toList());
        GeneratorArtifact staircase = bed.defense.trainGenerator(new TrainGeneratorRequest(model, DATA, 0, 0.5, 3,
                ActivityTestBed.MESA, 11, TrainGeneratorRequest.STAIRCASE));
        TriggerArtifact reversed = bed.defense.reverseTrigger(new ReverseTriggerRequest(model, DATA, 0, 3, 0, 4));

        ModelArtifact mesa = bed.defense.retrain(new RetrainRequest(model, DATA, TriggerSource.generators(
                List.of(staircase.key(), detection.get(0).key()), TriggerSource.UNIFORM), RETRAIN, 3, "ensemble"));
        ModelArtifact baseline = bed.defense.retrain(new RetrainRequest(model, DATA,
                TriggerSource.reversed(reversed.key()), RETRAIN, 3, "baseline-k0"));
        for (ModelArtifact repaired : List.of(mesa, baseline)) {
            assertFalse(Arrays.equals(module(model), module(repaired.key())), "retraining changed the module");
            assertTrue(ModelFile.metadata(bed.storeDir.resolve(repaired.key()).resolve(ModelFiles.MODEL)).spec()
                    .isTorchScript());
        }
        EvaluationOutcome before = bed.defense.evaluate(new EvaluateRequest(model, DATA, TriggerSpec.blackWhite(170), 0,
                9, "before"));
        EvaluationOutcome after = bed.defense.evaluate(new EvaluateRequest(mesa.key(), DATA, TriggerSpec.blackWhite(170),
                0, 9, "ensemble"));
        assertEquals(4, before.perClassAccuracy().size());
        assertTrue(after.attackSuccessRate() >= 0 && after.attackSuccessRate() <= 1);
        assertEquals(mesa.cleanAccuracy(), after.cleanAccuracy(), "retraining reports what evaluation measures");
    }

    @Test
    void aTestOnlyImageFolderOfAnotherSizeIsResizedToTheModelsInput() throws IOException {
        Path root = tmp.resolve("audit");
        SplittableRandom random = new SplittableRandom(5);
        for (int c = 0; c < 4; c++) {
            for (int i = 0; i < 15; i++) {
                png(root.resolve("class-" + c).resolve(i + ".png"), 20, c, random);
            }
        }
        DatasetSpec folder = new DatasetSpec(DatasetSpec.IMAGE_FOLDER, root.toString(), null, null, null, null, null)
                .forModelInput(16);
        InputDescription d = describe(bed, folder, spec(FIXTURES.resolve("residual.traced.pt")));
        assertEquals(4, d.classCount());

        ModelArtifact repaired = bed.defense.retrain(new RetrainRequest(d.modelArtifact(), folder,
                TriggerSource.original(TriggerSpec.blackWhite(170)), RETRAIN, 3, "ideal"));
        EvaluationOutcome outcome = bed.defense.evaluate(new EvaluateRequest(repaired.key(), folder, null, null, 9,
                "ideal"));
        assertEquals(4, outcome.perClassAccuracy().size());
        assertNull(outcome.attackSuccessRate());

        DatasetSpec unresized = new DatasetSpec(DatasetSpec.IMAGE_FOLDER, root.toString(), null, null, null, 16, null);
        ApplicationFailure refused = ModelActivitiesTest.failure(() -> describe(bed, unresized,
                spec(FIXTURES.resolve("residual.traced.pt"))));
        assertEquals(FailureTypes.INVALID_INPUT, refused.getType());
        assertTrue(refused.getOriginalMessage().contains("set dataset.resize to true"), refused.getOriginalMessage());
    }

    private static void assertInvalidModel(String fixture, String message) {
        ApplicationFailure failure = ModelActivitiesTest.failure(() -> describe(bed, DATA, spec(FIXTURES.resolve(fixture))));
        assertEquals(FailureTypes.INVALID_MODEL, failure.getType(), fixture);
        assertTrue(failure.isNonRetryable(), fixture);
        assertTrue(failure.getOriginalMessage().contains(message), fixture + ": " + failure.getOriginalMessage());
    }

    static byte[] module(String key) {
        Path file = bed.storeDir.resolve(key).resolve(ModelFiles.MODEL);
        return SectionFile.read(file, ModelFile.KIND).section(file, "torchscript-module");
    }

    /** A {@code size}×{@code size} image of class {@code c}: a colour per class plus noise. */
    private static void png(Path file, int size, int c, SplittableRandom random) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int r = Math.min(255, 60 * c + random.nextInt(40));
                int g = Math.min(255, 200 - 40 * c + random.nextInt(40));
                int b = random.nextInt(256);
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }
}
