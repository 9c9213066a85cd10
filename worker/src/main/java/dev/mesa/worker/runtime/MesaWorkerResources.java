package dev.mesa.worker.runtime;

import dev.mesa.activities.ActivityResources;
import dev.mesa.activities.DatasetCatalog;
import dev.mesa.activities.TrainingCadence;
import dev.mesa.activities.WorkerShutdown;
import dev.mesa.activities.metrics.GaugeBoard;
import dev.mesa.activities.metrics.MesaMetrics;
import dev.mesa.activities.store.ArtifactStore;
import dev.mesa.data.DatasetLoader;
import dev.mesa.workflows.activity.DatasetSpec;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.Map;

/**
 * The activities' shared resources from a worker's settings: store, offline dataset loader, device, metrics, cadence
 * and the worker's shutdown flag.
 */
public final class MesaWorkerResources {
    private MesaWorkerResources() {}

    public static ActivityResources of(WorkerSettings settings, MeterRegistry registry, WorkerShutdown shutdown) {
        Map<String, String> copies = new HashMap<>();
        if (settings.cifar10() != null) {
            copies.put(DatasetSpec.CIFAR10, settings.cifar10().toString());
        }
        if (settings.cifar100() != null) {
            copies.put(DatasetSpec.CIFAR100, settings.cifar100().toString());
        }
        MesaMetrics metrics = new MesaMetrics(registry, new GaugeBoard(registry, MetricsRetention.fromEnvironment(),
                System::nanoTime));
        return new ActivityResources(new ArtifactStore(settings.store(), metrics.storeEvents()),
                new DatasetCatalog(DatasetLoader.offline(settings.cache()), copies),
                settings.djlDevice(), metrics,
                TrainingCadence.defaults().withCheckpointEvery(settings.checkpointEverySteps()), shutdown);
    }
}
