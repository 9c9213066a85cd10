package dev.mesa.workflows;

import dev.mesa.workflows.activity.AttackSettings;
import dev.mesa.workflows.activity.ClassifierSettings;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.RetrainSettings;
import dev.mesa.workflows.activity.TriggerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {
    @Test
    void defaultsAreThePapers() {
        MesaSettings mesa = MesaSettings.defaults().validate();
        assertEquals(List.of(0.5, 0.8, 0.9), mesa.betas());
        assertEquals(0.1, mesa.alpha());
        assertEquals(0.9, mesa.detectionBeta());
        assertEquals(10, mesa.epochs());
        assertEquals(10, mesa.detectionEpochs());
        assertEquals(128, mesa.batchSize());
        assertEquals(0.1, mesa.noiseStd());
        assertEquals(64, mesa.zDim());
        assertEquals(512, mesa.hidden());
        assertEquals(2e-4, mesa.learningRate());
        assertEquals(0.001, mesa.mineMovingAverageRate());
        assertEquals(2.0, mesa.madThreshold());

        RetrainSettings retrain = RetrainSettings.defaults().validate();
        assertEquals(List.of(10, 128), List.of(retrain.epochs(), retrain.batchSize()));
        assertEquals(List.of(0.01, 1e-3, 0.9), List.of(retrain.poisonRatio(), retrain.learningRate(), retrain.momentum()));

        AttackSettings attack = AttackSettings.defaults().validate();
        assertEquals(List.of(10, 128, 0), List.of(attack.epochs(), attack.batchSize(), attack.targetClass()));
        assertEquals(List.of(0.01, 1e-3, 0.9), List.of(attack.poisonRatio(), attack.learningRate(), attack.momentum()));

        assertEquals("resnet18", ClassifierSettings.defaults().validate().architecture());
    }

    @Test
    void givenFieldsSurviveWithDefaults() {
        MesaSettings mesa = new MesaSettings(List.of(0.7), 0.2, null, 3, null, null, null, null, 2048, null, null, null,
                null).withDefaults();
        assertEquals(List.of(0.7), mesa.betas());
        assertEquals(0.2, mesa.alpha());
        assertEquals(3, mesa.detectionEpochs(), "detection budget follows epochs unless given");
        assertEquals(2048, mesa.hidden());
    }

    @Test
    void invalidValuesAreRejectedWithTheFieldAndValueInTheMessage() {
        assertRejected("mesa.betas[*] must lie strictly between 0 and 1, got 1.0", () -> mesa(List.of(0.5, 1.0), 0.1, 10).validate());
        assertRejected("mesa.betas must not repeat", () -> mesa(List.of(0.5, 0.5), 0.1, 10).validate());
        assertRejected("mesa.betas must list at least one", () -> mesa(List.of(), 0.1, 10).validate());
        assertRejected("mesa.alpha must be a finite number >= 0, got -0.1", () -> mesa(null, -0.1, 10).validate());
        assertRejected("mesa.epochs must be >= 1, got 0", () -> mesa(null, 0.1, 0).validate());
        assertRejected("retrain.poisonRatio must lie in (0, 1], got 0.0",
                () -> new RetrainSettings(null, 0.0, null, null, null).withDefaults().validate());
        assertRejected("attack.poisonRatio must lie in (0, 1], got 1.5",
                () -> new AttackSettings(1.5, null, null, null, null, null).withDefaults().validate());
        assertRejected("retrain.momentum must lie in [0, 1), got 1.0",
                () -> new RetrainSettings(null, null, null, 1.0, null).withDefaults().validate());
        assertRejected("classifier.architecture must be one of [resnet18, compact], got vgg",
                () -> new ClassifierSettings("vgg", null, null, null, null, null).withDefaults().validate());
        assertRejected("mesa.alpha is missing (call withDefaults() before validate())",
                () -> new MesaSettings(List.of(0.5), null, 0.9, 1, 1, 1, 0.1, 64, 1, 1e-4, 0.001, 0.5, 2.0).validate());
    }

    @Test
    void datasetAndTriggerSpecsAreChecked() {
        assertEquals(16, DatasetSpec.synthetic().imageSize());
        assertEquals(10, DatasetSpec.cifar10(null).knownClassCount());
        assertRejected("dataset.path is required for an image-folder dataset",
                () -> new DatasetSpec("image-folder", null, null, null, null, null, null).withDefaults().validate());
        assertRejected("trigger.id of a 3x3 bw trigger must be in [0, 512), got 512",
                () -> new TriggerSpec("bw", 512, null, null, null).withDefaults().validate());
        assertRejected("trigger.artifact is required for a file trigger",
                () -> new TriggerSpec("file", 1, 3, null, null).validate());
        assertEquals(TriggerSpec.COLOR_SET_SEED, new TriggerSpec("color", 2, null, null, null).withDefaults().seed());
    }

    @Test
    void defenseInputsAreCheckedAcrossFields() {
        DefenseInput base = Inputs.defense("x");
        assertRejected("originalTrigger and originalTargetClass go together", () -> new DefenseInput("x", "m",
                DatasetSpec.synthetic(), null, null, null, null, null, TriggerSpec.blackWhite(1), null, null, null,
                null, null).withDefaults().validate());
        assertRejected("numClasses must be >= 2 and equal to the synthetic class count 10, got 100",
                () -> new DefenseInput("x", "m", DatasetSpec.synthetic(), 100, null, null, null, null, null, null, null,
                        null, null, null).withDefaults().validate());
        assertRejected("candidateClasses must be distinct class indices in [0, 10), got [1, 10]",
                () -> new DefenseInput("x", "m", DatasetSpec.synthetic(), null, List.of(1, 10), null, null, null, null,
                        null, null, null, null, null).withDefaults().validate());
        assertRejected("defenseId must be", () -> new DefenseInput("../escape", "m", DatasetSpec.synthetic(), null,
                null, null, null, null, null, null, null, null, null, null).withDefaults().validate());
        assertEquals(4, base.withDefaults().validate().maxParallelActivities());
    }

    @Test
    void sweepInputsNeedExactlyOneTriggerSource() {
        SweepInput both = new SweepInput("s", "bw51", Inputs.bw(1), DatasetSpec.synthetic(), null, null, null, null,
                null, null, null, null, null, null, null, null, null);
        assertRejected("give exactly one of triggerSet", () -> both.withDefaults().validate());
        SweepInput duplicate = Inputs.sweep("s", Inputs.bw(7, 7), null, 1);
        assertRejected("distinct kind-id labels", () -> duplicate.withDefaults().validate());
        SweepInput named = new SweepInput("s", "color10", null, DatasetSpec.synthetic(), null, null, null, null,
                null, null, null, null, null, null, null, null, null).withDefaults().validate();
        assertEquals(10, named.resolvedTriggers().size());
        assertEquals(3, named.baselineRounds());
        assertEquals(2, named.maxParallelTriggers());
    }

    private static MesaSettings mesa(List<Double> betas, double alpha, int epochs) {
        return new MesaSettings(betas, alpha, null, epochs, null, null, null, null, null, null, null, null, null)
                .withDefaults();
    }

    private static void assertRejected(String expectedMessagePart, Executable executable) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
    }
}
