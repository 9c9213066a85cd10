package dev.mesa.activities;

import ai.djl.Device;
import dev.mesa.data.ImageShape;
import dev.mesa.data.Normalization;
import dev.mesa.model.Classifier;
import dev.mesa.model.ClassifierSpec;
import dev.mesa.model.ModelFile;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.DescribeInputsRequest;
import dev.mesa.workflows.activity.FailureTypes;
import dev.mesa.workflows.activity.InputDescription;
import io.temporal.failure.ActivityFailure;
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
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code describeInputs} on a real worker's activities: a 43-class image folder reports 43 classes, a model file its
 * output width, and what cannot fit (images of another size, a model for other images) is a non-retryable invalid
 * input before anything is trained.
 */
class InputDescribingTest {
    private static final ImageShape IMAGES = new ImageShape(3, 16, 16);
    @TempDir
    static Path tmp;
    private static ActivityTestBed bed;
    private static DatasetSpec folder;

    @BeforeAll
    static void start() throws IOException {
        bed = new ActivityTestBed();
        Path root = tmp.resolve("gtsrb");
        for (String split : List.of("train", "test")) {
            for (int c = 0; c < 43; c++) {
                png(root.resolve(split).resolve(String.format("%05d", c)).resolve("0.png"), 16);
            }
        }
        folder = new DatasetSpec(DatasetSpec.IMAGE_FOLDER, root.toString(), null, null, null, 16, null);
    }

    @AfterAll
    static void close() {
        bed.close();
    }

    @Test
    void aFolderOf43ClassesAndAModelOf43OutputsAgreeOn43() {
        Path model = model("wide.mesa-model", 43, IMAGES);
        InputDescription d = bed.defense.describeInputs(new DescribeInputsRequest(folder, model.toString()));

        assertEquals(43, d.classCount());
        assertEquals(43, d.modelOutputs());
        assertEquals("image-folder:" + folder.path(), d.dataset());
        assertEquals(43, d.agreedClassCount(null));
        assertEquals(43, bed.defense.describeInputs(new DescribeInputsRequest(folder, null)).classCount());
    }

    @Test
    void aWideningWorkerReportsItsSlotsWithEveryDescription() throws Exception {
        DescribeInputsRequest request = new DescribeInputsRequest(folder, null);
        InputDescription plain = bed.defense.describeInputs(request);
        assertNull(plain.wideSlots(), "the test bed's worker does not widen units");
        assertFalse(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(plain).contains("wideSlots"),
                "left out of the JSON when null");
        InputDescription widening = new DefenseActivitiesImpl(bed.resources.widening(2)).describeInputs(request);
        assertEquals(2, widening.wideSlots());
        assertEquals(plain.classCount(), widening.classCount());
    }

    @Test
    void aModelOfAnotherWidthIsReportedAndRefusedByTheClassCountRule() {
        Path model = model("narrow.mesa-model", 10, IMAGES);
        InputDescription d = bed.defense.describeInputs(new DescribeInputsRequest(folder, model.toString()));

        assertEquals(10, d.modelOutputs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.agreedClassCount(null));
        assertTrue(e.getMessage().startsWith("the model " + model + " has 10 outputs but the dataset image-folder:"
                + folder.path() + " has 43 classes"), e.getMessage());
    }

    @Test
    void aModelForOtherImagesIsANonRetryableInvalidInput() {
        Path model = model("bigger.mesa-model", 43, new ImageShape(3, 24, 24));
        ApplicationFailure failure = failure(() -> bed.defense.describeInputs(
                new DescribeInputsRequest(folder, model.toString())));

        assertEquals(FailureTypes.INVALID_INPUT, failure.getType());
        assertTrue(failure.isNonRetryable());
        assertTrue(failure.getOriginalMessage().contains("expects 3x24x24 images but the dataset image-folder:"
                + folder.path() + " has 3x16x16"), failure.getOriginalMessage());
    }

    @Test
    void imagesOfAnotherSizeThanTheSpecSaysAreRefusedWithTheSizeToSet() {
        DatasetSpec declared32 = new DatasetSpec(DatasetSpec.IMAGE_FOLDER, folder.path(), null, null, null, 32, null);
        ApplicationFailure failure = failure(() -> bed.defense.describeInputs(
                new DescribeInputsRequest(declared32, null)));

        assertEquals(FailureTypes.INVALID_INPUT, failure.getType());
        assertTrue(failure.getOriginalMessage().contains("has 3x16x16 images but the request says imageSize 32: set"
                + " dataset.imageSize to 16"), failure.getOriginalMessage());
    }

    @Test
    void aKeyThatNamesNoModelIsAnInvalidInput() {
        ApplicationFailure failure = failure(() -> bed.defense.describeInputs(
                new DescribeInputsRequest(folder, "models/none-such")));

        assertEquals(FailureTypes.INVALID_INPUT, failure.getType());
        assertTrue(failure.getOriginalMessage().contains("modelKey 'models/none-such' names no artifact"),
                failure.getOriginalMessage());
    }

    private static ApplicationFailure failure(Runnable call) {
        ActivityFailure failure = assertThrows(ActivityFailure.class, call::run);
        return assertInstanceOf(ApplicationFailure.class, failure.getCause());
    }

    /** An untrained compact CNN of {@code classes} outputs for {@code shape} images (its header is what counts). */
    private static Path model(String name, int classes, ImageShape shape) {
        Path file = tmp.resolve(name);
        List<String> names = IntStream.range(0, classes).mapToObj(c -> String.format("%05d", c)).toList();
        try (Classifier c = Classifier.create(new ClassifierSpec(ClassifierSpec.COMPACT, 4, classes, shape),
                new Normalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f}), names, 1,
                Device.cpu())) {
            ModelFile.save(file, c, "gtsrb", "untrained");
        }
        return file;
    }

    private static void png(Path file, int side) throws IOException {
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB), "png", file.toFile()));
    }
}
