package dev.mesa.activities;

import dev.mesa.activities.store.ArtifactStore;
import dev.mesa.workflows.activity.DetectTargetsRequest;
import dev.mesa.workflows.activity.DetectionOutcome;
import dev.mesa.workflows.activity.EvaluateRequest;
import dev.mesa.workflows.activity.EvaluationOutcome;
import dev.mesa.workflows.activity.FailureTypes;
import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.ReportArtifact;
import dev.mesa.workflows.activity.ReportFigure;
import dev.mesa.workflows.activity.ReportRequest;
import dev.mesa.workflows.activity.ReportRow;
import dev.mesa.workflows.activity.ReportTable;
import dev.mesa.workflows.activity.RetrainRequest;
import dev.mesa.workflows.activity.RetrainSettings;
import dev.mesa.workflows.activity.ReverseTriggerRequest;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import dev.mesa.workflows.activity.TriggerArtifact;
import dev.mesa.workflows.activity.TriggerSource;
import dev.mesa.workflows.activity.TriggerSpec;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The defence's activities end to end on tiny data: each runs, stores its outputs and publishes its metrics. */
class DefenseActivitiesTest {
    private static final RetrainSettings RETRAIN = new RetrainSettings(1, 0.2, 1e-3, 0.9, 32);
    private static ActivityTestBed bed;
    private static ModelArtifact model;
    private static List<GeneratorArtifact> generators;

    @BeforeAll
    static void trainGenerators() {
        bed = new ActivityTestBed();
        model = bed.model.trainClassifier(ActivityTestBed.cleanRequest());
        generators = List.of(generator(0, 0.9), generator(1, 0.9), generator(0, 0.5));
    }

    @AfterAll
    static void close() {
        bed.close();
    }

    private static GeneratorArtifact generator(int targetClass, double beta) {
        return bed.defense.trainGenerator(new TrainGeneratorRequest(model.key(), ActivityTestBed.DATA, targetClass, beta,
                3, ActivityTestBed.MESA, 7 + targetClass, TrainGeneratorRequest.STAIRCASE));
    }

    @Test
    void aGeneratorIsStoredWithItsSampleGrid() throws Exception {
        GeneratorArtifact g = generators.get(0);
        Path dir = bed.storeDir.resolve(g.key());
        assertTrue(g.key().startsWith("generators/c0-b0.9-staircase-"), g.key());
        assertTrue(Files.size(dir.resolve("generator.mesa-generator")) > 0);
        assertTrue(Files.size(dir.resolve("samples.png")) > 0);
        assertTrue(g.sampleAsr() >= 0 && g.sampleAsr() <= 1);
        assertEquals(g.skipped(), g.meanTestingFunction() < g.beta());
    }

    @Test
    void thePaperMeasurementIsAnotherRunAndReportsTheEvaluationSplit() {
        GeneratorArtifact paper = generators.get(0);
        TrainGeneratorRequest request = new TrainGeneratorRequest(model.key(), ActivityTestBed.DATA, 0, 0.9, 3,
                ActivityTestBed.MESA, 7, TrainGeneratorRequest.STAIRCASE);
        assertEquals(TrainGeneratorRequest.PAPER_MEASUREMENT, request.measurement());
        GeneratorArtifact first = bed.defense.trainGenerator(request.measuredBy(null));
        assertFalse(first.reused(), "a result measured the paper's way is not the first release's result");
        assertNotEquals(paper.key(), first.key());
        assertEquals(first.key(), bed.defense.trainGenerator(request.measuredBy(TrainGeneratorRequest.FIRST_MEASUREMENT))
                .key(), "measurement 1 is the meaning of every request before the field: the key it always had");
        // the same generator (same seed): the sample ASR never had noise, E[F] loses it
        assertEquals(paper.sampleAsr(), first.sampleAsr());
        assertNotEquals(paper.meanTestingFunction(), first.meanTestingFunction());
        assertNull(first.heldOutTestingFunction());
        assertNull(first.heldOutSampleAsr());
        assertTrue(paper.heldOutTestingFunction() > 0 && paper.heldOutTestingFunction() < 1, paper.toString());
        assertTrue(paper.heldOutSampleAsr() >= 0 && paper.heldOutSampleAsr() <= 1, paper.toString());
        assertNotEquals(paper.meanTestingFunction(), paper.heldOutTestingFunction(), "measured on other images");
        var bad = ModelActivitiesTest.failure(() -> bed.defense.trainGenerator(request.measuredBy(4)));
        assertEquals(FailureTypes.INVALID_INPUT, bad.getType());
        assertTrue(bad.getMessage().contains("measurement must be one of [1, 2, 3]"), bad.getMessage());
    }

    @Test
    void theOnePassMeasurementIsAnotherRunOfTheSameGenerator() {
        GeneratorArtifact paper = generators.get(0);
        TrainGeneratorRequest request = new TrainGeneratorRequest(model.key(), ActivityTestBed.DATA, 0, 0.9, 3,
                ActivityTestBed.MESA, 7, TrainGeneratorRequest.STAIRCASE)
                .measuredBy(TrainGeneratorRequest.ONE_PASS_MEASUREMENT);
        GeneratorArtifact onePass = bed.defense.trainGenerator(request);
        assertFalse(onePass.reused(), "a result measured in two passes is not reused for the one-pass measurement");
        assertNotEquals(paper.key(), onePass.key());
        assertTrue(bed.defense.trainGenerator(request).reused(), "the one-pass run is reused by its own request");
        // the same generator (same seed and training), measured with other draws: other figures, of the same kind
        assertNotEquals(paper.meanTestingFunction(), onePass.meanTestingFunction());
        assertTrue(onePass.meanTestingFunction() > 0 && onePass.meanTestingFunction() < 1, onePass.toString());
        assertTrue(onePass.heldOutTestingFunction() > 0 && onePass.heldOutTestingFunction() < 1, onePass.toString());
        assertTrue(onePass.heldOutSampleAsr() >= 0 && onePass.heldOutSampleAsr() <= 1, onePass.toString());
        assertEquals(onePass.skipped(), onePass.meanTestingFunction() < onePass.beta());
    }

    @Test
    void aDefenceThatOnlyDecidesOtherwiseReusesItsGenerators() {
        MesaSettings m = ActivityTestBed.MESA;
        MesaSettings decidesOtherwise = new MesaSettings(List.of(0.7, 0.9), m.alpha(), 0.7, m.epochs(),
                m.detectionEpochs(), m.batchSize(), m.noiseStd(), m.zDim(), m.hidden(), m.learningRate(),
                m.mineMovingAverageRate(), 0.3, 3.0).withDetection(MesaSettings.FULL);
        GeneratorArtifact again = bed.defense.trainGenerator(new TrainGeneratorRequest(model.key(),
                ActivityTestBed.DATA, 0, 0.9, 3, decidesOtherwise, 7, TrainGeneratorRequest.STAIRCASE));
        assertEquals(generators.get(0).key(), again.key());
        assertTrue(again.reused(), "thresholds, levels and the detection protocol do not change a generator");
    }

    @Test
    void aGeneratorRunStartedUnderTheWholeRequestsKeyIsResumedThere() {
        // a release before the generator's identity keyed its run by the whole request, decision settings included
        MesaSettings full = ActivityTestBed.MESA.withDetection(MesaSettings.FULL).withDefaults();
        TrainGeneratorRequest whole = new TrainGeneratorRequest(model.key(), DatasetCatalog.resolve(ActivityTestBed.DATA),
                1, 0.5, 3, full, 11, TrainGeneratorRequest.STAIRCASE, List.of(), null,
                TrainGeneratorRequest.PAPER_MEASUREMENT, null);
        Set<String> labels = Set.of(TrainGeneratorRequest.STOP_AFTER_EPOCHS, TrainGeneratorRequest.RUN);
        String legacy = ArtifactStore.keyFor(GeneratorTraining.KIND, "c1-b0.5-staircase",
                whole, labels);
        assertNotEquals(legacy, ArtifactStore.keyFor(GeneratorTraining.KIND,
                "c1-b0.5-staircase", GeneratorTraining.identity(whole), labels));
        new ArtifactStore(bed.storeDir).run(GeneratorTraining.KIND, "c1-b0.5-staircase",
                GeneratorTraining.ACTIVITY, whole, labels); // the run directory the earlier release started
        GeneratorArtifact trained = bed.defense.trainGenerator(new TrainGeneratorRequest(model.key(),
                ActivityTestBed.DATA, 1, 0.5, 3, ActivityTestBed.MESA.withDetection(MesaSettings.FULL), 11,
                TrainGeneratorRequest.STAIRCASE));
        assertEquals(legacy, trained.key(), "the started run is continued where it is, not begun again elsewhere");
        assertTrue(bed.defense.trainGenerator(new TrainGeneratorRequest(model.key(), ActivityTestBed.DATA, 1, 0.5, 3,
                ActivityTestBed.MESA.withDetection(MesaSettings.FULL), 11, TrainGeneratorRequest.STAIRCASE)).reused());
    }

    @Test
    void theReferenceBaselineIsItsOwnRunAndMesasKeepsItsKey() throws Exception {
        ReverseTriggerRequest mesa = new ReverseTriggerRequest(model.key(), ActivityTestBed.DATA, 0, 3, 1, 5);
        TriggerArtifact ours = bed.defense.reverseTrigger(mesa);
        TriggerArtifact explicit = bed.defense.reverseTrigger(new ReverseTriggerRequest(model.key(),
                ActivityTestBed.DATA, 0, 3, 1, 5, ReverseTriggerRequest.MESA));
        TriggerArtifact reference = bed.defense.reverseTrigger(new ReverseTriggerRequest(model.key(),
                ActivityTestBed.DATA, 0, 3, 1, 5, ReverseTriggerRequest.REFERENCE));
        assertEquals(ours.key(), explicit.key(), "\"mesa\" is what every request before the field meant");
        assertTrue(explicit.reused());
        assertFalse(reference.reused());
        assertTrue(reference.key().startsWith("triggers/reversed-reference-c0-k1-"), reference.key());
        assertNotEquals(Files.readString(bed.storeDir.resolve(ours.key()).resolve("trigger.json")),
                Files.readString(bed.storeDir.resolve(reference.key()).resolve("trigger.json")));
        var bad = ModelActivitiesTest.failure(() -> bed.defense.reverseTrigger(new ReverseTriggerRequest(model.key(),
                ActivityTestBed.DATA, 0, 3, 1, 5, "neural-cleanse")));
        assertEquals(FailureTypes.INVALID_INPUT, bad.getType());
        assertTrue(bad.getOriginalMessage().contains("reference"), bad.getOriginalMessage());
    }

    @Test
    void detectionScoresEveryCandidate() {
        DetectionOutcome outcome = bed.defense.detectTargets(new DetectTargetsRequest(generators.subList(0, 2), 0.5, 2.0, 1));
        assertEquals(List.of(0, 1), outcome.perClass().stream().map(s -> s.classIndex()).toList());
    }

    @Test
    void retrainingTakesEverySourceKind() {
        List<String> keys = List.of(generators.get(0).key(), generators.get(2).key());
        TriggerArtifact reversed = bed.defense.reverseTrigger(new ReverseTriggerRequest(model.key(), ActivityTestBed.DATA,
                0, 3, 0, 4));
        assertTrue(Files.isRegularFile(bed.storeDir.resolve(reversed.key()).resolve("trigger.json")));
        List<TriggerSource> sources = List.of(TriggerSource.generators(keys.subList(0, 1), TriggerSource.SINGLE),
                TriggerSource.generators(keys, TriggerSource.UNIFORM), TriggerSource.generators(keys, TriggerSource.CYCLE),
                TriggerSource.generators(keys, TriggerSource.ENTROPY),
                TriggerSource.generators(keys, TriggerSource.REFERENCE_CYCLE),
                TriggerSource.reversed(reversed.key()), TriggerSource.original(TriggerSpec.blackWhite(170)));
        Set<String> models = sources.stream().map(s -> bed.defense.retrain(new RetrainRequest(model.key(),
                ActivityTestBed.DATA, s, RETRAIN, 3, "v-" + s.kind() + "-" + s.mixing()))).map(ModelArtifact::key)
                .collect(Collectors.toSet());
        assertEquals(7, models.size());
        models.forEach(k -> assertTrue(k.startsWith("models/repaired/"), k));
    }

    @Test
    void aRetrainingMarkedWideNamesTheSameRunAsTheUnmarkedOne() {
        RetrainRequest request = new RetrainRequest(model.key(), ActivityTestBed.DATA,
                TriggerSource.original(TriggerSpec.blackWhite(170)), RETRAIN, 4, "ideal");
        ModelArtifact narrow = bed.defense.retrain(request);
        ModelArtifact wide = bed.defense.retrain(request.widenedWhen(true));
        assertEquals(narrow.key(), wide.key());
        assertTrue(wide.reused(), "the mark is a scheduling hint, not part of the run");
    }

    @Test
    void everyWireMixingHasItsOwnCoreMixing() {
        assertEquals(TriggerSource.MIXINGS.size(), TriggerSource.MIXINGS.stream().map(RetrainTriggers::mixing).distinct()
                .count());
        var failure = ModelActivitiesTest.failure(() -> bed.defense.retrain(new RetrainRequest(model.key(),
                ActivityTestBed.DATA, new TriggerSource(TriggerSource.GENERATORS, List.of(generators.get(0).key()),
                "weighted", null, null), RETRAIN, 3, "ensemble")));
        assertEquals(FailureTypes.INVALID_INPUT, failure.getType());
        assertTrue(failure.getOriginalMessage().contains("reference-cycle"), failure.getOriginalMessage());
    }

    @Test
    void aMissingGeneratorIsInvalidInputNamingTheKey() {
        var failure = ModelActivitiesTest.failure(() -> bed.defense.retrain(new RetrainRequest(model.key(),
                ActivityTestBed.DATA, TriggerSource.generators(List.of("generators/none"), TriggerSource.SINGLE), RETRAIN,
                3, "beta=0.9")));
        assertEquals(FailureTypes.INVALID_INPUT, failure.getType());
        assertTrue(failure.getOriginalMessage().contains("generators/none"), failure.getOriginalMessage());
    }

    @Test
    void evaluationMeasuresAndPublishesUnderBoundedLabels() {
        EvaluationOutcome outcome = bed.defense.evaluate(new EvaluateRequest(model.key(), ActivityTestBed.DATA,
                TriggerSpec.blackWhite(170), 0, 9, "beta=0.9"));
        EvaluationOutcome again = bed.defense.evaluate(new EvaluateRequest(model.key(), ActivityTestBed.DATA,
                TriggerSpec.blackWhite(170), 0, 9, "ensemble"));

        assertEquals(10, outcome.perClassAccuracy().size());
        assertEquals(outcome, again, "the variant labels metrics only: the stored measurement is reused");
        assertEquals(outcome.attackSuccessRate(), bed.registry.get("mesa.asr.ratio")
                .tags("trigger", "bw-170", "phase", "mesa", "beta", "0.9").gauge().value());
        assertEquals(outcome.cleanAccuracy(), bed.registry.get("mesa.clean.accuracy.ratio")
                .tags("trigger", "bw-170", "phase", "mesa", "beta", "ensemble").gauge().value());
        assertNull(bed.defense.evaluate(new EvaluateRequest(model.key(), ActivityTestBed.DATA, null, null, 9, "before"))
                .attackSuccessRate());
    }

    @Test
    void evaluationAgainstAReferenceCarriesTheDefenseEffectivenessRateAndKeepsTheStoredMeasurement() {
        ModelArtifact repaired = bed.defense.retrain(new RetrainRequest(model.key(), ActivityTestBed.DATA,
                TriggerSource.original(TriggerSpec.blackWhite(170)), RETRAIN, 3, "ideal"));
        EvaluationOutcome before = bed.defense.evaluate(new EvaluateRequest(model.key(), ActivityTestBed.DATA,
                TriggerSpec.blackWhite(170), 0, 11, "before"));
        EvaluationOutcome plain = bed.defense.evaluate(new EvaluateRequest(repaired.key(), ActivityTestBed.DATA,
                TriggerSpec.blackWhite(170), 0, 11, "ideal"));
        EvaluationOutcome rated = bed.defense.evaluate(new EvaluateRequest(repaired.key(), ActivityTestBed.DATA,
                TriggerSpec.blackWhite(170), 0, 11, "ideal", null, null, model.key()));

        assertNull(before.defenseEffectiveness(), "no reference, no rate");
        assertNull(plain.defenseEffectiveness());
        // BackdoorBench: (max(0, ASR_before - ASR_after) - max(0, ACC_before - ACC_after) + 1) / 2
        double expected = (Math.max(0, before.attackSuccessRate() - plain.attackSuccessRate())
                - Math.max(0, before.cleanAccuracy() - plain.cleanAccuracy()) + 1) / 2;
        assertEquals(expected, rated.defenseEffectiveness(), 1e-12);
        assertEquals(plain, rated.withDefenseEffectiveness(null), "the same measurement, reused from the store");
        assertNull(bed.defense.evaluate(new EvaluateRequest(repaired.key(), ActivityTestBed.DATA, null, null, 11,
                "ideal", null, null, model.key())).defenseEffectiveness(), "no ASR without a trigger: no rate");
    }

    @Test
    void theReferenceModelIsNotPartOfTheMeasurementsKey() {
        EvaluateRequest plain = new EvaluateRequest("models/m", ActivityTestBed.DATA, TriggerSpec.blackWhite(170), 0, 11,
                "ideal");
        EvaluateRequest rated = new EvaluateRequest("models/m", ActivityTestBed.DATA, TriggerSpec.blackWhite(170), 0,
                11, "ideal", null, null, "models/before");
        assertEquals(dev.mesa.activities.store.ArtifactStore.keyFor("evaluations", "bw-170", plain,
                ModelEvaluation.LABELS_ONLY), dev.mesa.activities.store.ArtifactStore.keyFor("evaluations", "bw-170",
                rated, ModelEvaluation.LABELS_ONLY));
    }

    @Test
    void theReportHasTablesAndTheTriggerFigure() throws Exception {
        ReportRequest request = new ReportRequest("defense/tiny", "tiny", List.of("attacked classes: [0]"),
                List.of(new ReportTable("evaluation", List.of("variant", "clean accuracy", "ASR"),
                        List.of(new ReportRow("before", Arrays.asList(0.91234567, null))))), 3,
                new ReportFigure(List.of(generators.get(0).key(), generators.get(2).key()), TriggerSpec.blackWhite(170),
                        List.of()));
        ReportArtifact report = bed.defense.writeReport(request);

        String markdown = Files.readString(Path.of(report.markdownPath()));
        assertEquals("reports/defense/tiny", report.key());
        assertTrue(markdown.contains("| before | 0.9123 | – |"), markdown);
        assertTrue(markdown.contains("![triggers-pca.png](triggers-pca.png)"), markdown);
        assertTrue(Files.size(bed.storeDir.resolve("reports/defense/tiny/triggers-tsne.png")) > 0);
        assertTrue(Files.readString(Path.of(report.jsonPath())).contains("\"figureFiles\""));
    }

    @Test
    void everyDomainMetricHasItsDocumentedPrometheusName() {
        Set<String> names = bed.registry.getMeters().stream().map(DefenseActivitiesTest::prometheusName)
                .collect(Collectors.toSet());
        for (String expected : List.of("mesa_generator_hinge_loss", "mesa_generator_testing_function",
                "mesa_generator_mutual_information_nats", "mesa_generator_sample_asr_ratio",
                "mesa_training_throughput_images_per_second", "mesa_training_progress_ratio", "mesa_training_steps_total",
                "mesa_training_epochs_total", "mesa_checkpoints_written_total")) {
            assertTrue(names.contains(expected), expected + " in " + names);
        }
        assertEquals(Set.of("clean", "mesa"), bed.registry.find("mesa.training.steps").counters().stream()
                .map(c -> c.getId().getTag("loop")).collect(Collectors.toSet()).stream()
                .filter(l -> l.equals("clean") || l.equals("mesa")).collect(Collectors.toSet()));
    }

    /** Micrometer's snake-case rendering plus the {@code _total} Prometheus adds to counters. */
    private static String prometheusName(Meter meter) {
        String name = meter.getId().getConventionName(NamingConvention.snakeCase);
        return meter.getId().getType() == Meter.Type.COUNTER ? name + "_total" : name;
    }
}
