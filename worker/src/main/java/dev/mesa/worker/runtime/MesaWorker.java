package dev.mesa.worker.runtime;

import dev.mesa.activities.ActivityResources;
import dev.mesa.activities.DefenseActivitiesImpl;
import dev.mesa.activities.ModelActivitiesImpl;
import dev.mesa.activities.WorkerShutdown;
import dev.mesa.workflows.DefenseWorkflowImpl;
import dev.mesa.workflows.SweepWorkflowImpl;
import dev.mesa.workflows.TriggerExperimentWorkflowImpl;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
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
    /** How long closing waits for running activities to checkpoint and end (deploy/: grace periods of 10 min). */
    private static final long SHUTDOWN_WAIT_MINUTES = 9;
    private final WorkerFactory factory;
    private final WorkerShutdown shutdown;

    private final String description;

    private MesaWorker(WorkerFactory factory, WorkerShutdown shutdown, String description) {
        this.factory = factory;
        this.shutdown = shutdown;
        this.description = description;
    }

    /** Task queue, device, slots and store, for logs. */
    @Override
    public String toString() {
        return description;
    }

    /**
     * Starts polling once a tensor operation on the settings' device has worked ({@link DeviceCheck}: an
     * {@link IllegalArgumentException} saying why otherwise, before anything is registered).
     */
    public static MesaWorker start(WorkflowClient client, WorkerSettings settings, MeterRegistry registry) {
        return start(client, settings, new WorkerInterceptor[0], registry);
    }

    /**
     * The same, with the activities passing through {@code interceptors} first (a layout's thread counts:
     * {@link WorkerLayout#interceptors()}).
     */
    public static MesaWorker start(WorkflowClient client, WorkerSettings settings, WorkerInterceptor[] interceptors,
                                   MeterRegistry registry) {
        return start(client, settings, interceptors, null, registry);
    }

    /**
     * The same for a worker of {@code layout}: its interceptors, and its slot count reported to the workflows when it
     * widens units ({@link WorkerLayout#wideSlots()}).
     */
    public static MesaWorker start(WorkflowClient client, WorkerSettings settings, WorkerLayout layout,
                                   MeterRegistry registry) {
        return start(client, settings, layout.interceptors(), layout.wideSlots(), registry);
    }

    private static MesaWorker start(WorkflowClient client, WorkerSettings settings, WorkerInterceptor[] interceptors,
                                    Integer wideSlots, MeterRegistry registry) {
        DeviceCheck.require(settings.device());
        WorkerFactory factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(interceptors).build());
        Worker worker = factory.newWorker(settings.taskQueue(), WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(settings.maxConcurrentActivities()).build());
        worker.registerWorkflowImplementationTypes(DefenseWorkflowImpl.class, SweepWorkflowImpl.class,
                TriggerExperimentWorkflowImpl.class);
        WorkerShutdown shutdown = new WorkerShutdown();
        ActivityResources resources = MesaWorkerResources.of(settings, registry, shutdown).widening(wideSlots);
        worker.registerActivitiesImplementations(new ModelActivitiesImpl(resources), new DefenseActivitiesImpl(resources));
        factory.start();
        LOG.info("worker polling task queue '{}' on {} with {} activity slot(s); artifact store {}", settings.taskQueue(),
                settings.device(), settings.maxConcurrentActivities(), resources.store().root());
        return new MesaWorker(factory, shutdown, "on task queue '" + settings.taskQueue() + "' (" + settings.device()
                + ", " + settings.maxConcurrentActivities() + " activity slot(s), store " + resources.store().root() + ")");
    }

    /**
     * Graceful stop: running training loops write a checkpoint at their next step boundary and end their attempts
     * with a retryable failure (another worker resumes them), the worker stops polling and waits for them.
     */
    @Override
    public void close() {
        shutdown.request();
        factory.shutdown();
        factory.awaitTermination(SHUTDOWN_WAIT_MINUTES, TimeUnit.MINUTES);
    }
}
