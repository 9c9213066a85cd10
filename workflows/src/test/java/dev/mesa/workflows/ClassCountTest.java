package dev.mesa.workflows;

import dev.mesa.workflows.activity.AttackSettings;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.FailureTypes;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import dev.mesa.workflows.activity.TriggerSpec;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The class count comes from a worker's description of the data (the fake describes an image folder with 43 class
 * folders): a defence audits all 43 classes without being told, and a declared {@code numClasses}, a model width or a
 * target class that disagrees with the data is refused after the description and before any other activity.
 */
class ClassCountTest {
    private static final DatasetSpec FOLDER = new DatasetSpec(DatasetSpec.IMAGE_FOLDER, "/data/gtsrb", null, null,
            null, 32, null);
    private final WorkflowTestBed bed = new WorkflowTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void aDefenseOfAnImageFolderModelAuditsEveryClassOfTheFolder() {
        DefenseResult result = bed.defense("gtsrb").run(defense(null));

        assertEquals(RunStatus.COMPLETED, result.status());
        assertEquals("DescribeInputs", bed.defenseActivities.calls.sequence().get(0));
        assertEquals(IntStream.range(0, 43).boxed().toList(), detectedClassesExamined());
        assertEquals(43, result.detection().size());
    }

    @Test
    void aDeclaredClassCountThatDisagreesWithTheFolderIsRefusedBeforeAnyTraining() {
        ApplicationFailure failure = refused(() -> bed.defense("ten").run(defense(10)));

        assertEquals("invalid DefenseInput: numClasses is 10 but the dataset image-folder:/data/gtsrb has 43 classes"
                + " (and the model 43 outputs): leave numClasses out or set it to 43", failure.getOriginalMessage());
        assertEquals(List.of("DescribeInputs"), bed.defenseActivities.calls.sequence());
    }

    @Test
    void aDeclaredClassCountThatDisagreesWithTheDatasetKindIsRefusedBeforeAnyActivity() {
        DefenseInput synthetic43 = new DefenseInput("kind", "models/suspect", DatasetSpec.synthetic(), 43, null, null,
                null, null, null, null, null, 7L, null, null);
        ApplicationFailure failure = refused(() -> bed.defense("kind").run(synthetic43));

        assertEquals("invalid DefenseInput: numClasses must be >= 2 and equal to the synthetic class count 10, got 43",
                failure.getOriginalMessage());
        assertEquals(List.of(), bed.defenseActivities.calls.sequence());
    }

    @Test
    void aModelWhoseWidthDisagreesWithTheFolderIsRefusedBeforeAnyTraining() {
        bed.defenseActivities.modelOutputs = 10;
        ApplicationFailure failure = refused(() -> bed.defense("narrow").run(defense(null)));

        assertEquals("invalid DefenseInput: the model models/gtsrb has 10 outputs but the dataset"
                + " image-folder:/data/gtsrb has 43 classes: a model is defended on the data it was trained on",
                failure.getOriginalMessage());
        assertEquals(List.of("DescribeInputs"), bed.defenseActivities.calls.sequence());
    }

    @Test
    void aSweepAttacksATargetClassThatOnlyTheFolderMakesValidAndAuditsAllItsClasses() {
        SweepResult result = bed.sweep("gtsrb").run(sweep(null, 14, Inputs.bw(170), null));

        assertEquals(RunStatus.COMPLETED, result.status());
        assertEquals(14, result.triggers().get(0).targetClass());
        assertEquals(List.of("DescribeInputs"), bed.defenseActivities.calls.sequence().subList(0, 1));
        assertEquals(IntStream.range(0, 43).boxed().toList(), detectedClassesExamined());
    }

    @Test
    void aSweepWhoseTargetClassOrDeclaredCountDisagreesWithTheFolderTrainsNothing() {
        ApplicationFailure target = refused(() -> bed.sweep("far").run(sweep(null, 50, Inputs.bw(170), null)));
        assertEquals("invalid SweepInput: attack.targetClass must be < numClasses 43, got 50",
                target.getOriginalMessage());

        ApplicationFailure declared = refused(() -> bed.sweep("ten").run(sweep(10, 3, Inputs.bw(170), null)));
        assertEquals("invalid SweepInput: numClasses is 10 but the dataset image-folder:/data/gtsrb has 43 classes:"
                + " leave numClasses out or set it to 43", declared.getOriginalMessage());

        assertEquals(List.of("DescribeInputs", "DescribeInputs"), bed.defenseActivities.calls.sequence());
        assertEquals(List.of(), bed.model.calls.sequence());
    }

    @Test
    void aSweepThatContinuesAsNewKeepsTheFoldersClassCount() {
        SweepResult result = bed.sweep("chunked").run(sweep(null, 14, Inputs.bw(170, 7), 1));

        assertEquals(List.of("bw-170", "bw-7"), result.triggers().stream().map(TriggerResult::label).toList());
        assertEquals(1, bed.model.calls.count("TrainClassifier"));
        assertEquals(2 * 43, bed.defenseActivities.generatorRequests.stream()
                .filter(r -> r.purpose().equals(TrainGeneratorRequest.DETECTION))
                .map(r -> r.modelKey() + "/" + r.targetClass()).distinct().count(), "43 classes per defence");
    }

    private static DefenseInput defense(Integer numClasses) {
        return new DefenseInput("gtsrb", "models/gtsrb", FOLDER, numClasses, null, null, null, null, null, null, null,
                7L, null, null);
    }

    private static SweepInput sweep(Integer numClasses, int targetClass, List<TriggerSpec> triggers,
                                    Integer maxTriggersPerRun) {
        return new SweepInput("gtsrb", null, triggers, FOLDER, numClasses, null, null,
                new AttackSettings(null, null, null, null, null, targetClass), null, null, 1, 1, 4, null, 11L,
                maxTriggersPerRun, null);
    }

    private List<Integer> detectedClassesExamined() {
        return bed.defenseActivities.generatorRequests.stream()
                .filter(r -> r.purpose().equals(TrainGeneratorRequest.DETECTION))
                .map(TrainGeneratorRequest::targetClass).distinct().sorted().toList();
    }

    private static ApplicationFailure refused(Executable run) {
        WorkflowFailedException e = assertThrows(WorkflowFailedException.class, run);
        ApplicationFailure failure = assertInstanceOf(ApplicationFailure.class, e.getCause());
        assertEquals(FailureTypes.INVALID_INPUT, failure.getType());
        return failure;
    }
}
