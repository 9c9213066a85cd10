package dev.mesa.worker;

import dev.mesa.checkpoint.SectionFile;
import dev.mesa.distribution.GeneratorFile;
import dev.mesa.worker.runtime.ConnectionSettings;
import dev.mesa.worker.runtime.DevServer;
import dev.mesa.worker.runtime.HostAndPort;
import dev.mesa.worker.runtime.MesaWorker;
import dev.mesa.worker.runtime.TemporalConnection;
import dev.mesa.worker.runtime.WorkerSettings;
import dev.mesa.workflows.DefenseInput;
import dev.mesa.workflows.DefenseResult;
import dev.mesa.workflows.DefenseWorkflow;
import dev.mesa.workflows.TaskQueues;
import dev.mesa.workflows.WorkflowIds;
import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.TriggerSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of the worker process in the middle of MESA training: a new worker process picks the activity up after the
 * heartbeat timeout (the production 2 minutes, waited in real time), continues from the last checkpoint (resumedFromStep &gt; 0) and the defence ends with exactly the
 * result of an uninterrupted run. Both runs use one PyTorch thread, where the kernels are deterministic, so the
 * tolerance is zero: identical generator weights and identical reported numbers.
 */
class WorkerKillIT {
    /** The training activities' queue (DefenseInput.trainingTaskQueue), served by the worker processes only. */
    private static final String TRAINING_QUEUE = "mesa-training";

    @Test
    void aKilledWorkersTrainingResumesFromItsCheckpointAndEndsLikeAnUninterruptedRun() throws Exception {
        Path work = Files.createTempDirectory("mesa-kill-it");
        Path model = TinyModel.write(work.resolve("clean.mesa-model"));
        Path cache = work.resolve("cache");
        try (DevServer server = DevServer.start(new HostAndPort("127.0.0.1", 0));
             TemporalConnection temporal = TemporalConnection.open(ConnectionSettings.plain(server.target(), "default"),
                     null)) {
            Path storeA = work.resolve("store-a");
            DefenseResult uninterrupted;
            try (MesaWorker workflows = inProcessWorker(temporal, storeA, cache);
                 WorkerProcess training = WorkerProcess.start(server.target(), TRAINING_QUEUE, storeA, cache,
                         work.resolve("worker-a.log"))) {
                uninterrupted = defense(temporal.client(), "kill-a").run(input("kill-a", model));
            }

            Path storeB = work.resolve("store-b");
            DefenseResult resumed;
            try (MesaWorker workflows = inProcessWorker(temporal, storeB, cache)) {
                WorkerProcess first = WorkerProcess.start(server.target(), TRAINING_QUEUE, storeB, cache,
                        work.resolve("worker-b1.log"));
                DefenseWorkflow killed = defense(temporal.client(), "kill-b");
                WorkflowClient.start(killed::run, input("kill-b", model));
                awaitCheckpoint(storeB.resolve("generators"), Duration.ofMinutes(3));
                first.kill();
                try (WorkerProcess second = WorkerProcess.start(server.target(), TRAINING_QUEUE, storeB, cache,
                        work.resolve("worker-b2.log"))) {
                    // The server notices the dead worker when the 2-minute heartbeat timeout expires, retries after 10 s.
                    resumed = WorkflowStub.fromTyped(killed).getResult(6, TimeUnit.MINUTES, DefenseResult.class);
                }
            }

            assertTrue(resumed.detectionGenerators().stream().anyMatch(g -> g.resumedFromStep() > 0),
                    "one generator continued from its checkpoint: " + resumed.detectionGenerators());
            assertEquals(uninterrupted.detection(), resumed.detection());
            assertEquals(uninterrupted.evaluations(), resumed.evaluations());
            for (int i = 0; i < resumed.detectionGenerators().size(); i++) {
                GeneratorArtifact a = uninterrupted.detectionGenerators().get(i);
                GeneratorArtifact b = resumed.detectionGenerators().get(i);
                assertEquals(a.key(), b.key());
                assertEquals(a.meanTestingFunction(), b.meanTestingFunction());
                assertEquals(a.sampleAsr(), b.sampleAsr());
                assertEquals(a.mutualInformation(), b.mutualInformation());
                assertArrayEquals(weights(storeA, a), weights(storeB, b), "identical weights of " + a.key());
            }
        }
    }

    /**
     * The workflows (and the short activities) run in this JVM, which stays up; only the training worker dies. (The
     * dev server, like the Java SDK's test server it is, does not move a dead worker's sticky workflow tasks on, so
     * killing the process that also ran the workflow would stall it there; a real Temporal cluster does.)
     */
    private static MesaWorker inProcessWorker(TemporalConnection temporal, Path store, Path cache) {
        return MesaWorker.start(temporal.client(), new WorkerSettings(TaskQueues.DEFAULT, "cpu", 1, store, cache, null,
                null, 50), new SimpleMeterRegistry());
    }

    private static DefenseWorkflow defense(WorkflowClient client, String id) {
        return client.newWorkflowStub(DefenseWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.defense(id)).setTaskQueue(TaskQueues.DEFAULT).build());
    }

    private static DefenseInput input(String id, Path model) {
        return new DefenseInput(id, model.toString(), TinyModel.DATA, 4, null, 3, TinyModel.MESA, TinyModel.RETRAIN,
                TriggerSpec.blackWhite(170), 0, null, 1L, 1, TRAINING_QUEUE);
    }

    private static void awaitCheckpoint(Path generators, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(generators)) {
                try (Stream<Path> files = Files.walk(generators)) {
                    if (files.anyMatch(p -> p.getFileName().toString().equals("checkpoint.mesa-checkpoint"))) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no generator checkpoint appeared in " + generators + " within " + timeout);
    }

    private static byte[] weights(Path store, GeneratorArtifact g) {
        Path file = store.resolve(g.key()).resolve("generator.mesa-generator");
        return SectionFile.read(file, GeneratorFile.KIND).section(file, "generator");
    }
}
