package dev.mesa.worker;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mesa.activities.DatasetCatalog;
import dev.mesa.activities.DefenseActivitiesImpl;
import dev.mesa.activities.ModelActivitiesImpl;
import dev.mesa.activities.WorkerShutdown;
import dev.mesa.attack.BackdoorInjector;
import dev.mesa.data.DatasetSplits;
import dev.mesa.data.Normalization;
import dev.mesa.data.SyntheticDataset;
import dev.mesa.evaluation.ClassifierEvaluator;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelExporter;
import dev.mesa.model.ModelFile;
import dev.mesa.model.TorchScriptContract;
import dev.mesa.model.TorchScriptImporter;
import dev.mesa.training.ClassifierTrainingConfig;
import dev.mesa.training.GradMode;
import dev.mesa.training.LoopSettings;
import dev.mesa.training.TrainingListener;
import dev.mesa.trigger.TriggerPattern;
import dev.mesa.worker.client.RepairedModelExport;
import dev.mesa.worker.runtime.MesaWorkerResources;
import dev.mesa.worker.runtime.WorkerSettings;
import dev.mesa.workflows.DefenseInput;
import dev.mesa.workflows.DefenseResult;
import dev.mesa.workflows.DefenseWorkflow;
import dev.mesa.workflows.DefenseWorkflowImpl;
import dev.mesa.workflows.MesaSearchAttributes;
import dev.mesa.workflows.TaskQueues;
import dev.mesa.workflows.VariantEvaluation;
import dev.mesa.workflows.WorkflowIds;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.ModelSpec;
import dev.mesa.workflows.activity.RetrainSettings;
import dev.mesa.workflows.activity.TriggerSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's TorchScript model through the whole product: the scripted fixture (a residual network with BatchNorm
 * and dropout, not one of mesa's) is backdoored with bw-170 and written as a TorchScript file, defended by the real
 * DefenseWorkflow and activities naming that file, and the chosen repaired model is exported with
 * {@code mesa export}'s code. The file is never written; the export, imported again, gives the stored model's logits
 * and, measured by mesa on the evaluation split, the clean accuracy the defence reported for that variant.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES) // a workflow task that cannot complete retries forever: fail instead
class TorchScriptDefenseIT {
    private static final List<Double> MEAN = List.of(0.5, 0.5, 0.5);
    private static final List<Double> STD = List.of(0.25, 0.25, 0.25);
    private static TestWorkflowEnvironment env;
    private static Path work;
    private static Path suspect;
    private static byte[] suspectBytes;

    @BeforeAll
    static void aBackdooredTorchScriptFileAndAWorker() throws Exception {
        GradMode.disableOnThisThread();
        work = Files.createTempDirectory("mesa-torchscript-it");
        DatasetSplits data = SyntheticDataset.generate(new SyntheticDataset.Spec(4, 60, 40, 16,
                DatasetCatalog.SYNTHETIC_SEED));
        TorchScriptContract contract = new TorchScriptContract(16, normalization(), List.of());
        suspect = work.resolve("suspect.pt");
        try (Classifier c = TorchScriptImporter.load(Path.of("../src/test/resources/torchscript/residual.scripted.pt"),
                contract, Device.cpu())) {
            BackdoorInjector.inject(c, data.train(), new BackdoorInjector.Attack(TriggerPattern.blackWhite(170, 3, 3), 0,
                    0.4), ClassifierTrainingConfig.cleanTraining(12, 4).withLoop(new LoopSettings(12, 16, true, 10, 1000)),
                    null, TrainingListener.NONE);
            ModelExporter.export(c, suspect);
        }
        suspectBytes = Files.readAllBytes(suspect);
        var resources = MesaWorkerResources.of(new WorkerSettings(TaskQueues.DEFAULT, "cpu", 1, work.resolve("store"),
                work.resolve("cache"), null, null, 50), new SimpleMeterRegistry(), new WorkerShutdown());
        env = TestWorkflowEnvironment.newInstance();
        MesaSearchAttributes.ALL.forEach(key -> env.registerSearchAttribute(key.getName(), key.getValueType()));
        Worker worker = env.newWorker(TaskQueues.DEFAULT);
        worker.registerWorkflowImplementationTypes(DefenseWorkflowImpl.class);
        worker.registerActivitiesImplementations(new ModelActivitiesImpl(resources), new DefenseActivitiesImpl(resources));
        env.start();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void theDefenseFindsTheBackdoorAndItsExportIsTheModelMesaEvaluated() throws Exception {
        // the full detection protocol: the scan's 2-epoch default is for budgets like the paper's, and 2 of these epochs
        // are too few steps for the attacked class's generator to leave its plateau (as in PrometheusScrapeIT)
        MesaSettings mesa = new MesaSettings(List.of(0.5), 0.1, 0.5, 16, 16, 32, 0.1, 64, 64, 2e-3, 0.001, 0.5, 2.0)
                .withDetection(MesaSettings.FULL);
        DefenseInput input = new DefenseInput("torchscript", null, TinyModel.DATA, null, null, 3, mesa,
                new RetrainSettings(6, 0.5, 1e-2, 0.9, 16), TriggerSpec.blackWhite(170), 0, null, 1L, 1,
                TaskQueues.DEFAULT, ModelSpec.torchScript(suspect.toString(), 16, MEAN, STD));
        DefenseResult result = env.getWorkflowClient().newWorkflowStub(DefenseWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.defense("torchscript")).setTaskQueue(TaskQueues.DEFAULT).build()).run(input);

        assertEquals(List.of(0), result.attackedClasses(), result.detection().toString());
        assertNotNull(result.chosenModelKey(), result.choiceReason());
        VariantEvaluation before = result.evaluations().get(0);
        assertTrue(before.modelKey().startsWith("models/imported/sha256-"), before.modelKey());
        VariantEvaluation chosen = result.evaluations().stream()
                .filter(e -> e.variant().equals(result.chosenVariant())).findFirst().orElseThrow();
        System.out.printf("TorchScript defence: %s chosen, ASR %.3f -> %.3f, clean accuracy %.3f -> %.3f%n",
                chosen.variant(), before.attackSuccessRate(), chosen.attackSuccessRate(), before.cleanAccuracy(),
                chosen.cleanAccuracy());
        assertTrue(chosen.attackSuccessRate() < before.attackSuccessRate(), before + " -> " + chosen);
        assertArrayEquals(suspectBytes, Files.readAllBytes(suspect), "the user's file is never written");

        Path out = work.resolve("exported/repaired.pt");
        Files.createDirectories(out.getParent());
        RepairedModelExport.Written written = RepairedModelExport.export(work.resolve("store"), "torchscript", null, out);
        assertEquals(result.chosenVariant(), written.variant());
        TorchScriptContract contract = new TorchScriptContract(16, normalization(), List.of());
        DatasetSplits data = SyntheticDataset.generate(new SyntheticDataset.Spec(4, 60, 40, 16,
                DatasetCatalog.SYNTHETIC_SEED));
        var evaluation = data.defenseSplit((int) Math.round(data.test().size() * 0.8), 0).evaluation();
        try (Classifier exported = TorchScriptImporter.load(out, contract, Device.cpu());
             Classifier stored = ModelFile.load(work.resolve("store").resolve(result.chosenModelKey())
                     .resolve("model.mesa-model"), Device.cpu())) {
            double accuracy = new ClassifierEvaluator(256).accuracy(exported, evaluation).accuracy();
            assertEquals(chosen.cleanAccuracy(), accuracy, "mesa's number for the variant, measured on the export");
            assertArrayEquals(probeLogits(stored), probeLogits(exported), "identical logits");
        }
    }

    @Test
    void theFullProtocolAfterAScanContinuesTheScansGeneratorsAndReusesItsStaircase() {
        MesaSettings scan = new MesaSettings(List.of(0.5), 0.1, 0.5, 16, 16, 32, 0.1, 64, 64, 2e-3, 0.001, 0.5, 2.0,
                MesaSettings.SCAN, 8, 0.1, 2.0, false, java.util.Map.of());
        DefenseResult scanned = defend("after-scan-1", scan);
        DefenseResult full = defend("after-scan-2", scan.withDetection(MesaSettings.FULL));

        assertEquals(keys(scanned.detectionGenerators()), keys(full.detectionGenerators()),
                "every class's full-budget generator is the scan's run, continued or reused");
        for (var g : full.detectionGenerators()) {
            assertTrue(g.reused() || g.resumedFromStep() > 0, g.toString());
            assertEquals(16, g.epochs(), g.toString());
        }
        assertEquals(scanned.attackedClasses(), full.attackedClasses(), full.detection().toString());
        assertEquals(keys(scanned.generators()), keys(full.generators()));
        full.generators().forEach(g -> assertTrue(g.reused(), "the staircase is not trained again: " + g));
    }

    private static DefenseResult defend(String defenseId, MesaSettings mesa) {
        DefenseInput input = new DefenseInput(defenseId, null, TinyModel.DATA, null, null, 3, mesa,
                new RetrainSettings(2, 0.5, 1e-2, 0.9, 16), TriggerSpec.blackWhite(170), 0, null, 2L, 1,
                TaskQueues.DEFAULT, ModelSpec.torchScript(suspect.toString(), 16, MEAN, STD));
        return env.getWorkflowClient().newWorkflowStub(DefenseWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.defense(defenseId)).setTaskQueue(TaskQueues.DEFAULT).build()).run(input);
    }

    private static java.util.Set<String> keys(List<dev.mesa.workflows.activity.GeneratorArtifact> generators) {
        return generators.stream().map(dev.mesa.workflows.activity.GeneratorArtifact::key)
                .collect(java.util.stream.Collectors.toSet());
    }

    private static Normalization normalization() {
        float[] mean = new float[3];
        float[] std = new float[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = MEAN.get(c).floatValue();
            std[c] = STD.get(c).floatValue();
        }
        return new Normalization(mean, std);
    }

    private static float[] probeLogits(Classifier c) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            float[] v = new float[4 * 3 * 16 * 16];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (1.5 * Math.sin(0.37 * i));
            }
            return c.logits(m.create(v, new Shape(4, 3, 16, 16)), false).toFloatArray();
        }
    }
}
