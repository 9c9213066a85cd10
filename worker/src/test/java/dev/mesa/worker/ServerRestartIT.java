package dev.mesa.worker;

import dev.mesa.worker.runtime.ConnectionSettings;
import dev.mesa.worker.runtime.DevServer;
import dev.mesa.worker.runtime.HostAndPort;
import dev.mesa.worker.runtime.MesaWorker;
import dev.mesa.worker.runtime.MetricsEndpoint;
import dev.mesa.worker.runtime.TemporalConnection;
import dev.mesa.worker.runtime.WorkerSettings;
import dev.mesa.workflows.SweepInput;
import dev.mesa.workflows.SweepResult;
import dev.mesa.workflows.SweepWorkflow;
import dev.mesa.workflows.TaskQueues;
import dev.mesa.workflows.TriggerResult;
import dev.mesa.workflows.WorkflowIds;
import dev.mesa.workflows.activity.AttackSettings;
import dev.mesa.workflows.activity.ClassifierSettings;
import dev.mesa.workflows.activity.TriggerSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded server is restarted (its history is lost); the sweep, submitted again with the same input, completes
 * from the artifact store: the same artifacts and numbers, and not one training step on the new worker. The first
 * run's Prometheus endpoint also serves every documented metric name.
 */
class ServerRestartIT {
    private static final List<String> DOMAIN_METRICS = List.of("mesa_asr_ratio", "mesa_clean_accuracy_ratio",
            "mesa_generator_hinge_loss", "mesa_generator_testing_function", "mesa_generator_mutual_information_nats",
            "mesa_generator_sample_asr_ratio", "mesa_training_throughput_images_per_second",
            "mesa_training_progress_ratio", "mesa_sweep_triggers", "mesa_sweep_eta_seconds", "mesa_training_steps_total",
            "mesa_training_epochs_total", "mesa_checkpoints_written_total", "mesa_activity_resumes_total",
            "mesa_activity_failures_total", "mesa_process_resident_memory_bytes");

    @Test
    void aResubmittedSweepCompletesFromTheArtifactStoreAfterTheServerLostItsHistory() throws Exception {
        Path work = Files.createTempDirectory("mesa-restart-it");
        WorkerSettings settings = new WorkerSettings(TaskQueues.DEFAULT, "cpu", 1, work.resolve("store"),
                work.resolve("cache"), null, null, 50);
        SweepResult first;
        String scrape;
        try (MetricsEndpoint metrics = MetricsEndpoint.start(new HostAndPort("127.0.0.1", 0));
             DevServer server = DevServer.start(new HostAndPort("127.0.0.1", 0));
             TemporalConnection temporal = TemporalConnection.open(ConnectionSettings.plain(server.target(), "default"),
                     metrics.temporalScope());
             MesaWorker worker = MesaWorker.start(temporal.client(), settings, metrics.registry())) {
            first = sweep(temporal).run(input());
            // the SDK reports its metrics scope every second: poll until every expected name is served
            scrape = awaitEveryMetric(metrics.port(), Duration.ofSeconds(60));
        }
        assertEquals(List.of(), missing(scrape), "metrics not served");

        MeterRegistry registry = new SimpleMeterRegistry();
        SweepResult second;
        try (DevServer server = DevServer.start(new HostAndPort("127.0.0.1", 0));
             TemporalConnection temporal = TemporalConnection.open(ConnectionSettings.plain(server.target(), "default"),
                     null);
             MesaWorker worker = MesaWorker.start(temporal.client(), settings, registry)) {
            assertThrows(WorkflowNotFoundException.class, () -> temporal.client().newUntypedWorkflowStub(
                    WorkflowIds.sweep("restart")).describe(), "the new server knows nothing of the first run");
            second = sweep(temporal).run(input());
        }
        assertEquals(first.cleanModelKey(), second.cleanModelKey());
        assertEquals(first.cleanAccuracy(), second.cleanAccuracy());
        assertEquals(withoutDuration(first.triggers()), withoutDuration(second.triggers()));
        assertEquals(0.0, registry.find("mesa.training.steps").counters().stream().mapToDouble(Counter::count).sum(),
                "nothing was trained again");
    }

    /** What {@code scrape} lacks: documented domain metrics, the done triggers' gauge, the SDK's and JVM's metrics. */
    private static List<String> missing(String scrape) {
        List<String> missing = new ArrayList<>();
        for (String name : DOMAIN_METRICS) {
            if (!scrape.contains("\n" + name + "{") && !scrape.contains("\n" + name + " ")) {
                missing.add(name);
            }
        }
        if (!scrape.lines().anyMatch(l -> l.startsWith("mesa_sweep_triggers{") && l.contains("state=\"done\""))) {
            missing.add("mesa_sweep_triggers{state=\"done\"}");
        }
        for (String prefix : List.of("temporal_", "jvm_memory_used_bytes")) {
            if (!scrape.contains("\n" + prefix)) {
                missing.add(prefix + "*");
            }
        }
        return missing;
    }

    /** GET /metrics until nothing is {@link #missing} or {@code timeout} passes; the last text either way. */
    private static String awaitEveryMetric(int port, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String text = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            if (missing(text).isEmpty() || System.nanoTime() > deadline) {
                return text;
            }
            Thread.sleep(100);
        }
    }

    private static SweepWorkflow sweep(TemporalConnection temporal) {
        return temporal.client().newWorkflowStub(SweepWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.sweep("restart")).setTaskQueue(TaskQueues.DEFAULT).build());
    }

    private static SweepInput input() {
        return new SweepInput("restart", null, List.of(TriggerSpec.blackWhite(170)), TinyModel.DATA, 4,
                new ClassifierSettings(ClassifierSettings.COMPACT, 2, 32, 0.05, 5e-4, 0.25), null,
                new AttackSettings(0.2, 2, 0.02, 0.9, 32, 0), TinyModel.MESA, TinyModel.RETRAIN, 1, 1, 1, null, 1L,
                null, null);
    }

    private static List<TriggerResult> withoutDuration(List<TriggerResult> results) {
        return results.stream().map(r -> new TriggerResult(r.label(), r.trigger(), r.targetClass(), r.status(), r.error(),
                r.attackedModelKey(), r.attacked(), r.detectedClasses(), r.targetDetectionAsr(),
                r.bestOtherDetectionAsr(), r.defense(), r.chosenVariant(), r.defenseReportKey(), r.baseline(), r.ideal(),
                0)).toList();
    }
}
