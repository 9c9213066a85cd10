package dev.mesa.activities;

import dev.mesa.activities.store.Manifest;
import dev.mesa.activities.store.RunDirectory;
import dev.mesa.checkpoint.SectionFile;
import dev.mesa.defense.DetectionRule;
import dev.mesa.defense.DetectionScan;
import dev.mesa.distribution.GeneratorFile;
import dev.mesa.workflows.activity.DetectTargetsRequest;
import dev.mesa.workflows.activity.DetectionOutcome;
import dev.mesa.workflows.activity.EvaluateRequest;
import dev.mesa.workflows.activity.EvaluationOutcome;
import dev.mesa.workflows.activity.FailureTypes;
import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.GeneratorTracePoint;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.SampledTriggers;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The activities of the detection scan and the audit on tiny data: a scan stops and keeps its checkpoint, its
 * continuation resumes it to exactly the generator of an uninterrupted run, a repeated scan answers from the trace,
 * the rule names the classes that continue, and an evaluation measures sampled triggers.
 */
class DetectionScanActivityTest {
    /** 240 defence images, batch 32: 7 steps per epoch; detection budget 3 epochs, scan 1. */
    private static final MesaSettings SCANNED = new MesaSettings(List.of(0.9), 0.1, 0.9, 3, 3, 32, 0.1, 64, 64, 2e-3,
            0.001, 0.5, 2.0);
    private static ActivityTestBed bed;
    private static ModelArtifact model;

    @BeforeAll
    static void trainModel() {
        bed = new ActivityTestBed();
        model = bed.model.trainClassifier(ActivityTestBed.cleanRequest());
    }

    @AfterAll
    static void close() {
        bed.close();
    }

    private static TrainGeneratorRequest detection(int targetClass, Integer stop) {
        return new TrainGeneratorRequest(model.key(), ActivityTestBed.DATA, targetClass, 0.9, 3, SCANNED,
                40 + targetClass, TrainGeneratorRequest.DETECTION, List.of(1), stop);
    }

    private static byte[] parameters(Path store, GeneratorArtifact g) {
        Path file = store.resolve(g.key()).resolve(GeneratorSamples.GENERATOR);
        return SectionFile.read(file, GeneratorFile.KIND).section(file, "generator");
    }

    @Test
    void aScanStopsOpenAndItsContinuationResumesItToTheUninterruptedGenerator() throws Exception {
        GeneratorArtifact scan = bed.defense.trainGenerator(detection(0, 1));
        Path dir = bed.storeDir.resolve(scan.key());
        assertEquals(1, scan.epochs());
        assertEquals(List.of(1), scan.trace().stream().map(GeneratorTracePoint::epoch).toList());
        assertEquals(scan.sampleAsr(), scan.trace().get(0).sampleAsr());
        assertTrue(Files.isRegularFile(dir.resolve(RunDirectory.CHECKPOINT)), "the checkpoint stays for the continuation");
        assertFalse(Files.exists(dir.resolve(Manifest.FILE_NAME)), "a scan does not finish the run");
        assertTrue(Files.isRegularFile(dir.resolve(GeneratorSamples.GRID)));

        GeneratorArtifact full = bed.defense.trainGenerator(detection(0, null));
        assertEquals(scan.key(), full.key(), "the stop is not part of the run's identity");
        assertEquals(7, full.resumedFromStep(), "continued after the scan's 7 steps, not from step 0");
        assertEquals(3, full.epochs());
        assertEquals(List.of(scan.trace().get(0), full.trace().get(1)), full.trace());
        assertTrue(Files.exists(dir.resolve(Manifest.FILE_NAME)));
        assertFalse(Files.exists(dir.resolve(RunDirectory.CHECKPOINT)));

        Path fresh = ActivityTestBed.newStore();
        Files.createDirectories(fresh.resolve(model.key()));
        Files.copy(bed.storeDir.resolve(model.key()).resolve(ModelFiles.MODEL), fresh.resolve(model.key())
                .resolve(ModelFiles.MODEL));
        try (ActivityTestBed once = new ActivityTestBed(fresh, TrainingCadence.defaults())) {
            GeneratorArtifact uninterrupted = once.defense.trainGenerator(detection(0, null));
            assertEquals(0, uninterrupted.resumedFromStep());
            assertEquals(full.trace(), uninterrupted.trace(), "same figures after epoch 1 and at the end");
            assertArrayEquals(parameters(fresh, uninterrupted), parameters(bed.storeDir, full));
        }

        GeneratorArtifact again = bed.defense.trainGenerator(detection(0, 1));
        assertTrue(again.reused());
        assertEquals(1, again.epochs());
        assertEquals(scan.sampleAsr(), again.sampleAsr(), "a scan of a finished run answers from its trace");
        assertEquals(scan.trace(), again.trace());
    }

    @Test
    void aFullProtocolDetectionContinuesTheScansRunOfItsGenerator() {
        MesaSettings scanning = new MesaSettings(List.of(0.9), 0.1, 0.9, 3, 3, 32, 0.1, 64, 64, 2e-3, 0.001, 0.5, 2.0,
                MesaSettings.SCAN, 1, 0.1, 2.0, false, Map.of());
        GeneratorArtifact scan = bed.defense.trainGenerator(new TrainGeneratorRequest(model.key(), ActivityTestBed.DATA,
                2, 0.9, 3, scanning, 42, TrainGeneratorRequest.DETECTION, List.of(1), 1));
        GeneratorArtifact full = bed.defense.trainGenerator(new TrainGeneratorRequest(model.key(), ActivityTestBed.DATA,
                2, 0.9, 3, scanning.withDetection(MesaSettings.FULL), 42, TrainGeneratorRequest.DETECTION, List.of(),
                null));
        assertEquals(scan.key(), full.key(), "the full protocol's request continues the run the scan stopped");
        assertEquals(7, full.resumedFromStep(), "from the scan's checkpoint, not from step 0");
        assertEquals(3, full.epochs());
        assertEquals(scan.trace().get(0), full.trace().get(0), "and keeps the scan's point");

        GeneratorArtifact alone = bed.defense.trainGenerator(new TrainGeneratorRequest(model.key(),
                ActivityTestBed.DATA, 3, 0.9, 3, scanning.withDetection(MesaSettings.FULL), 43,
                TrainGeneratorRequest.DETECTION, List.of(), null));
        assertEquals(0, alone.resumedFromStep());
        assertEquals(List.of(3), alone.trace().stream().map(GeneratorTracePoint::epoch).toList(),
                "without a scan before it, the full protocol measures at the end only");
        assertEquals(List.of(1, 3), full.trace().stream().map(GeneratorTracePoint::epoch).toList());
        assertNotEquals(full.key().replace("c2-", ""), alone.key().replace("c3-", ""));
    }

    @Test
    void theRuleAfterAScanNamesTheClassesThatContinue() {
        List<GeneratorArtifact> scanned = List.of(artifact(0, 0.62), artifact(1, 0.02), artifact(2, 0.01),
                artifact(3, 0.06), artifact(4, 0.02));
        DetectionOutcome outcome = bed.defense.detectTargets(new DetectTargetsRequest(scanned, 0.5, 2.0, 1, 0.1, 2.0));
        assertEquals(List.of(0, 3), outcome.continuing(), "class 3: (0.06 - 0.02) / 0.0148 = 2.7 >= 2");
        assertEquals(List.of(0), outcome.attackedClasses());

        var refused = ModelActivitiesTest.failure(() -> bed.defense.detectTargets(new DetectTargetsRequest(scanned, 0.5,
                2.0, 1, 0.6, 2.0)));
        assertEquals(FailureTypes.INVALID_INPUT, refused.getType());
        assertTrue(refused.getOriginalMessage().contains("must not exceed"), refused.getOriginalMessage());
        assertEquals(null, bed.defense.detectTargets(new DetectTargetsRequest(scanned, 0.5, 2.0, 1)).continuing());
    }

    private static GeneratorArtifact artifact(int targetClass, double asr) {
        return new GeneratorArtifact("generators/c" + targetClass, targetClass, 0.9, 0.5, asr, 1, 0.5, true, false, 0);
    }

    @Test
    void anEvaluationMeasuresTheAsrOfEachClassesSampledTriggers() {
        GeneratorArtifact g = bed.defense.trainGenerator(new TrainGeneratorRequest(model.key(), ActivityTestBed.DATA, 2,
                0.9, 3, ActivityTestBed.MESA, 9, TrainGeneratorRequest.STAIRCASE));
        EvaluateRequest request = new EvaluateRequest(model.key(), ActivityTestBed.DATA, null, null, 5, "before", null,
                List.of(new SampledTriggers(2, List.of(g.key()))));
        EvaluationOutcome outcome = bed.defense.evaluate(request);
        assertEquals(1, outcome.sampledTriggerAsr().size());
        assertEquals(2, outcome.sampledTriggerAsr().get(0).targetClass());
        double asr = outcome.sampledTriggerAsr().get(0).attackSuccessRate();
        assertTrue(asr >= 0 && asr <= 1, "an ASR: " + asr);
        assertEquals(null, outcome.attackSuccessRate());

        var mismatched = ModelActivitiesTest.failure(() -> bed.defense.evaluate(new EvaluateRequest(model.key(),
                ActivityTestBed.DATA, null, null, 5, "before", null, List.of(new SampledTriggers(4, List.of(g.key()))))));
        assertEquals(FailureTypes.INVALID_INPUT, mismatched.getType());
        assertTrue(mismatched.getOriginalMessage().contains("generators trained for classes [2]"),
                mismatched.getOriginalMessage());
    }

    @Test
    void theContractsDefaultsAreTheCoresProvisionalScan() {
        MesaSettings defaults = MesaSettings.defaults();
        DetectionScan core = DetectionScan.provisional();
        assertEquals(core.epochs(), defaults.scanEpochs());
        assertEquals(core.continuation().continueAsr(), defaults.scanContinueAsr());
        assertEquals(core.continuation().continueAnomaly(), defaults.scanContinueAnomaly());
        DetectionRule rule = DetectionRule.defaults();
        assertEquals(rule.asrThreshold(), defaults.asrThreshold());
        assertEquals(rule.anomalyThreshold(), defaults.madThreshold());
    }
}
