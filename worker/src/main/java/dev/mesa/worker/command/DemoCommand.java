package dev.mesa.worker.command;

import dev.mesa.worker.client.DemoPlan;
import dev.mesa.worker.client.ProgressFollower;
import dev.mesa.worker.client.ResultTables;
import dev.mesa.worker.client.Submission;
import dev.mesa.worker.client.WorkflowRuns;
import dev.mesa.worker.runtime.ConnectionSettings;
import dev.mesa.worker.runtime.DevServer;
import dev.mesa.worker.runtime.DeviceCheck;
import dev.mesa.model.DeviceSpec;
import dev.mesa.worker.runtime.HostAndPort;
import dev.mesa.worker.runtime.MesaWorker;
import dev.mesa.worker.runtime.MetricsEndpoint;
import dev.mesa.worker.runtime.TemporalConnection;
import dev.mesa.worker.runtime.WorkerSettings;
import dev.mesa.workflows.SweepInput;
import dev.mesa.workflows.SweepResult;
import dev.mesa.workflows.TaskQueues;
import dev.mesa.workflows.WorkflowIds;
import dev.mesa.workflows.activity.TriggerSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code mesa demo}: everything in one process (embedded dev server, worker, workflow): trains a small clean model,
 * implants the bw-170 → class 0 backdoor, runs the defence with the original trigger known and prints the
 * before/after table. Synthetic data by default; CIFAR-10 with {@code --dataset} or {@code MESA_CIFAR10}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Backdoor a small model and defend it with MESA, all embedded; prints the before/after table.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--dataset", defaultValue = "${env:MESA_CIFAR10}",
            description = "CIFAR-10 as an image folder or a .tar.gz of one (env MESA_CIFAR10); default: synthetic data")
    Path dataset;

    @Option(names = "--store", defaultValue = "${env:MESA_STORE:-${sys:user.home}/.mesa/store}",
            description = "artifact store, the same default as mesa dev/worker (default: ${DEFAULT-VALUE}); a second"
                    + " run reuses what it holds")
    Path store;

    @Option(names = "--fresh", description = "use a new temporary artifact store: recompute everything")
    boolean fresh;

    @Option(names = "--cache", defaultValue = "${env:MESA_CACHE:-${sys:user.home}/.cache/mesa}",
            description = "dataset cache directory (default: ${DEFAULT-VALUE})")
    Path cache;

    @Option(names = "--device", defaultValue = "${env:MESA_DEVICE:-cpu}", converter = DeviceConverter.class,
            description = DeviceSpec.FORMS + " (default: ${DEFAULT-VALUE}; env MESA_DEVICE)")
    DeviceSpec device;

    @Option(names = "--metrics-bind", description = "also serve Prometheus metrics on host:port (default: off)")
    String metricsBind;

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        DeviceCheck.require(device);
        SweepInput input = dataset != null ? DemoPlan.cifar10(dataset.toAbsolutePath().toString()) : DemoPlan.synthetic();
        Path storeDir = fresh ? Files.createTempDirectory("mesa-demo-store") : store;
        WorkerSettings settings = new WorkerSettings(TaskQueues.DEFAULT, device, 1, storeDir, cache, null, null, 50);
        System.out.println("mesa demo: " + (dataset != null ? "CIFAR-10 from " + dataset : "synthetic dataset")
                + ", trigger bw-170 -> class 0; artifact store " + storeDir);
        System.out.println("(" + DemoPlan.BUDGET_NOTE + ")");
        MetricsEndpoint metrics = metricsBind != null ? MetricsEndpoint.start(HostAndPort.parse("--metrics-bind",
                metricsBind)) : null;
        MeterRegistry registry = metrics != null ? metrics.registry() : new SimpleMeterRegistry();
        try (DevServer server = DevServer.start(new HostAndPort("127.0.0.1", 0));
             TemporalConnection temporal = TemporalConnection.open(ConnectionSettings.plain(server.target(), "default"),
                     metrics != null ? metrics.temporalScope() : null);
             MesaWorker worker = MesaWorker.start(temporal.client(), settings, registry)) {
            System.err.println("mesa demo: dev server " + server.target() + ", worker " + worker);
            Submission submission = Submission.sweep(input);
            SweepResult result = ProgressFollower.follow(temporal.client(),
                    WorkflowRuns.start(temporal.client(), submission, TaskQueues.DEFAULT), "mesa demo", SweepResult.class);
            System.out.println();
            System.out.println("clean model: accuracy " + (result.cleanAccuracy() != null
                    ? String.format(Locale.ROOT, "%.1f%%", result.cleanAccuracy() * 100) : "n/a"));
            result.triggers().forEach(t -> ResultTables.printTrigger(t, System.out));
            System.out.println();
            System.out.println("reports (with the PCA/t-SNE figure of the trigger distribution):");
            List<String> reports = new ArrayList<>();
            for (TriggerSpec trigger : input.triggers()) {
                String experiment = WorkflowIds.triggerExperiment(input.sweepId(), trigger);
                reports.addAll(List.of(experiment, WorkflowIds.defense(experiment)));
            }
            reports.add(WorkflowIds.sweep(input.sweepId()));
            for (String id : reports) {
                System.out.println("  mesa report " + id + " --store " + storeDir);
            }
            System.out.printf(Locale.ROOT, "demo took %.1f min (%s)%n", (System.nanoTime() - started) / 6e10,
                    DemoPlan.BUDGET_NOTE);
            return 0;
        } finally {
            if (metrics != null) {
                metrics.close();
            }
        }
    }
}
