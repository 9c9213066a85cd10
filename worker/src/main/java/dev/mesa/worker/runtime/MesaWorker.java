package dev.mesa.worker.runtime;

import dev.mesa.activities.ActivityResources;
import dev.mesa.activities.DefenceActivitiesImpl;
import dev.mesa.activities.ModelActivitiesImpl;
import dev.mesa.workflows.DefenseWorkflowImpl;
import dev.mesa.workflows.SweepWorkflowImpl;
import dev.mesa.workflows.TriggerExperimentWorkflowImpl;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * A Temporal worker polling one task queue with mesa's three workflow types and all activities, over one artifact
 * store and dataset cache, publishing domain metrics to the given registry.
 */
public final class MesaWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MesaWorker.class);
    private final WorkerFactory factory;

    private MesaWorker(WorkerFactory factory) {
        this.factory = factory;
    }

    public static MesaWorker start(WorkflowClient client, WorkerSettings settings, MeterRegistry registry) {
        WorkerFactory factory = WorkerFactory.newInstance(client);
        Worker worker = factory.newWorker(settings.taskQueue(), WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(settings.maxConcurrentActivities()).build());
        worker.registerWorkflowImplementationTypes(DefenseWorkflowImpl.class, SweepWorkflowImpl.class,
                TriggerExperimentWorkflowImpl.class);
        ActivityResources resources = MesaWorkerResources.of(settings, registry);
        worker.registerActivitiesImplementations(new ModelActivitiesImpl(resources), new DefenceActivitiesImpl(resources));
        factory.start();
        LOG.info("worker polling task queue '{}' on {} with {} activity slot(s); artifact store {}", settings.taskQueue(),
                settings.device(), settings.maxConcurrentActivities(), resources.store().root());
        return new MesaWorker(factory);
    }

    @Override
    public void close() {
        factory.shutdown();
        factory.awaitTermination(10, TimeUnit.SECONDS);
    }
}
