package dev.mesa.worker;

import ai.djl.Device;
import dev.mesa.activities.ActivityResources;
import dev.mesa.activities.DatasetCatalog;
import dev.mesa.activities.DefenseActivitiesImpl;
import dev.mesa.activities.ModelActivitiesImpl;
import dev.mesa.activities.TrainingCadence;
import dev.mesa.activities.WorkerShutdown;
import dev.mesa.activities.metrics.MesaMetrics;
import dev.mesa.activities.store.ArtifactStore;
import dev.mesa.data.DatasetLoader;
import dev.mesa.data.ImageShape;
import dev.mesa.data.Normalization;
import dev.mesa.model.Classifier;
import dev.mesa.model.ClassifierSpec;
import dev.mesa.model.ModelFile;
import dev.mesa.worker.runtime.ConnectionSettings;
import dev.mesa.worker.runtime.DevServer;
import dev.mesa.worker.runtime.HostAndPort;
import dev.mesa.worker.runtime.TemporalConnection;
import dev.mesa.workflows.DefenseWorkflowImpl;
import dev.mesa.workflows.SweepWorkflowImpl;
import dev.mesa.workflows.TaskQueues;
import dev.mesa.workflows.TriggerExperimentWorkflowImpl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code mesa run} prints when things go wrong, through the real command line: one line on stderr and a
 * non-zero exit code, never a stack trace; wrong inputs are refused on this machine before anything is sent.
 */
class CommandFailuresTest {
    /** No service listens on port 1. */
    private static final String NOWHERE = "127.0.0.1:1";
    @TempDir
    Path tmp;

    @Test
    void misspeltKeysAreRefusedWithTheirPathsBeforeAnythingIsSent() throws IOException {
        Path file = write("typos.json", "{\"defenseId\": \"typos\", \"modelKey\": \"m\", \"dataset\": {\"kind\":"
                + " \"synthetic\"}, \"trainingTaskQeue\": \"gpu\", \"mesa\": {\"betaz\": [0.5], \"epochz\": 2}}");

        Outcome outcome = mesa("run", file.toString(), "--address", NOWHERE);

        assertEquals(MesaCli.USAGE_ERROR, outcome.exitCode());
        assertEquals("mesa: " + file + ": unknown field `trainingTaskQeue` (did you mean `trainingTaskQueue`?);"
                + " unknown field `mesa.betaz` (did you mean `betas`?); unknown field `mesa.epochz` (did you mean"
                + " `epochs`?)", outcome.singleLine());
    }

    @Test
    void aDeclaredClassCountOrAModelThatDisagreesWithALocalImageFolderIsRefusedBeforeSubmitting() throws IOException {
        Path folder = imageFolder(tmp.resolve("gtsrb"), 43);
        Path sweep = write("ten.json", "{\"sweepId\": \"ten\", \"triggerSet\": \"bw51\", \"numClasses\": 10,"
                + " \"dataset\": {\"kind\": \"image-folder\", \"path\": \"" + folder + "\", \"imageSize\": 16}}");
        Path model = model(tmp.resolve("narrow.mesa-model"), 10);
        Path defense = write("narrow.json", "{\"defenseId\": \"narrow\", \"modelKey\": \"" + model + "\","
                + " \"dataset\": {\"kind\": \"image-folder\", \"path\": \"" + folder + "\", \"imageSize\": 16}}");

        Outcome declared = mesa("run", sweep.toString(), "--address", NOWHERE);
        Outcome narrow = mesa("submit", defense.toString(), "--address", NOWHERE);

        assertEquals(MesaCli.USAGE_ERROR, declared.exitCode());
        assertEquals("mesa: " + sweep + ": numClasses is 10 but the dataset image-folder:" + folder + " has 43 classes:"
                + " leave numClasses out or set it to 43", declared.singleLine());
        assertEquals(MesaCli.USAGE_ERROR, narrow.exitCode());
        assertTrue(narrow.singleLine().startsWith("mesa: " + defense + ": the model " + model + " has 10 outputs but"
                + " the dataset image-folder:" + folder + " has 43 classes"), narrow.singleLine());
    }

    @Test
    void aLocalModelFileThatIsNotTorchScriptIsRefusedBeforeSubmitting() throws IOException {
        Path stateDict = Path.of("../src/test/resources/torchscript/state-dict.pt").toAbsolutePath().normalize();
        Path defense = write("state-dict.json", "{\"defenseId\": \"sd\", \"dataset\": {\"kind\": \"synthetic\","
                + " \"syntheticClasses\": 4}, \"model\": {\"format\": \"torchscript\", \"path\": \"" + stateDict + "\","
                + " \"inputSize\": 16, \"mean\": [0.5, 0.5, 0.5], \"std\": [0.25, 0.25, 0.25]}}");

        Outcome outcome = mesa("run", defense.toString(), "--address", NOWHERE);

        assertEquals(MesaCli.USAGE_ERROR, outcome.exitCode());
        assertTrue(outcome.singleLine().startsWith("mesa: " + defense + ": " + stateDict + ": not a TorchScript model"),
                outcome.singleLine());
    }

    @Test
    void anUnreachableServiceIsOneLineAndExitCode1() throws IOException {
        Path folder = imageFolder(tmp.resolve("gtsrb"), 43);
        Path target14 = write("fourteen.json", "{\"sweepId\": \"fourteen\", \"triggerSet\": \"bw51\", \"attack\":"
                + " {\"targetClass\": 14}, \"dataset\": {\"kind\": \"image-folder\", \"path\": \"" + folder + "\","
                + " \"imageSize\": 16}}");

        for (String[] command : List.of(new String[] {"run", target14.toString()}, new String[] {"status", "sweep/x"})) {
            Outcome outcome = mesa(command[0], command[1], "--address", NOWHERE);

            assertEquals(CommandFailureHandler.FAILED, outcome.exitCode(), command[0]);
            assertTrue(outcome.singleLine().startsWith("mesa: cannot reach a Temporal service at " + NOWHERE
                    + " (Connection refused)"), outcome.singleLine());
            assertTrue(outcome.singleLine().endsWith("start one (mesa dev) or check --address"), outcome.singleLine());
        }
    }

    @Test
    void aWorkflowThatFailsIsOneLineWithItsRootCause() throws IOException {
        Path file = write("missing.json", "{\"defenseId\": \"missing\", \"modelKey\": \"models/none-such\","
                + " \"dataset\": {\"kind\": \"synthetic\"}}");
        try (DevServer server = DevServer.start(new HostAndPort("127.0.0.1", 0));
             TemporalConnection temporal = TemporalConnection.open(ConnectionSettings.plain(server.target(), "default"),
                     null)) {
            WorkerFactory factory = startWorker(temporal);
            try {
                Outcome outcome = mesa("run", file.toString(), "--address", server.target());

                assertEquals(CommandFailureHandler.FAILED, outcome.exitCode());
                assertTrue(outcome.singleLine().startsWith("mesa: defense/missing failed: DescribeInputs: modelKey"
                        + " 'models/none-such' names no artifact in the store"), outcome.singleLine());
            } finally {
                factory.shutdownNow();
            }
        }
    }

    /** mesa's workflows and real activities over a temporary store, polling the default task queue. */
    private WorkerFactory startWorker(TemporalConnection temporal) {
        ActivityResources resources = new ActivityResources(new ArtifactStore(tmp.resolve("store")),
                new DatasetCatalog(DatasetLoader.offline(tmp.resolve("cache")), Map.of()), Device.cpu(),
                new MesaMetrics(new SimpleMeterRegistry()), TrainingCadence.defaults(), new WorkerShutdown());
        WorkerFactory factory = WorkerFactory.newInstance(temporal.client());
        Worker worker = factory.newWorker(TaskQueues.DEFAULT);
        worker.registerWorkflowImplementationTypes(DefenseWorkflowImpl.class, SweepWorkflowImpl.class,
                TriggerExperimentWorkflowImpl.class);
        worker.registerActivitiesImplementations(new ModelActivitiesImpl(resources), new DefenseActivitiesImpl(resources));
        factory.start();
        return factory;
    }

    private record Outcome(int exitCode, String stderr) {
        /** The whole of stderr, which must be one line. */
        String singleLine() {
            List<String> lines = stderr.lines().toList();
            assertEquals(1, lines.size(), "one line on stderr, got:\n" + stderr);
            return lines.get(0);
        }
    }

    private static Outcome mesa(String... args) {
        StringWriter err = new StringWriter();
        var cli = MesaCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Outcome(code, err.toString());
    }

    private Path write(String name, String json) throws IOException {
        return Files.writeString(tmp.resolve(name), json);
    }

    /** {@code classes} class folders of one black 16×16 PNG each, in train/ and test/. */
    private static Path imageFolder(Path root, int classes) throws IOException {
        for (String split : List.of("train", "test")) {
            for (int c = 0; c < classes; c++) {
                Path file = root.resolve(split).resolve(String.format("%05d", c)).resolve("0.png");
                Files.createDirectories(file.getParent());
                assertTrue(ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "png", file.toFile()));
            }
        }
        return root;
    }

    /** An untrained compact CNN for 16×16 images with {@code outputs} classes (its header is what is checked). */
    private static Path model(Path file, int outputs) {
        List<String> names = IntStream.range(0, outputs).mapToObj(c -> String.format("%05d", c)).toList();
        try (Classifier c = Classifier.create(new ClassifierSpec(ClassifierSpec.COMPACT, 4, outputs,
                new ImageShape(3, 16, 16)), new Normalization(new float[] {0.5f, 0.5f, 0.5f},
                new float[] {0.25f, 0.25f, 0.25f}), names, 1, Device.cpu())) {
            ModelFile.save(file, c, "gtsrb", "untrained");
        }
        return file;
    }
}
