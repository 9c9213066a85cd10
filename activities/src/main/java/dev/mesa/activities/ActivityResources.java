package dev.mesa.activities;

import ai.djl.Device;
import dev.mesa.activities.metrics.MesaMetrics;
import dev.mesa.activities.store.ArtifactStore;

/**
 * What every activity of a worker shares: the artifact store, the dataset catalog, the device to compute on (from
 * the worker's configuration, never a literal), the metrics, the training cadence and the worker's shutdown flag.
 * Built by the worker. {@code wideSlots}: the slots of a worker that gives units marked wide every core (reported by
 * {@code describeInputs}), null when it does not widen units.
 */
public record ActivityResources(ArtifactStore store, DatasetCatalog datasets, Device device, MesaMetrics metrics,
                                TrainingCadence cadence, WorkerShutdown shutdown, Integer wideSlots) {
    /** Resources of a worker that does not widen units. */
    public ActivityResources(ArtifactStore store, DatasetCatalog datasets, Device device, MesaMetrics metrics,
                             TrainingCadence cadence, WorkerShutdown shutdown) {
        this(store, datasets, device, metrics, cadence, shutdown, null);
    }

    /** These resources on a worker that widens units beside {@code slots} slots (null: does not widen). */
    public ActivityResources widening(Integer slots) {
        return new ActivityResources(store, datasets, device, metrics, cadence, shutdown, slots);
    }
}
