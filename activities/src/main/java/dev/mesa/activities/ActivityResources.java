package dev.mesa.activities;

import ai.djl.Device;
import dev.mesa.activities.metrics.MesaMetrics;
import dev.mesa.activities.store.ArtifactStore;

/**
 * What every activity of a worker shares: the artifact store, the dataset catalog, the device to compute on (from
 * the worker's configuration, never a literal), the metrics, the training cadence and the worker's shutdown flag.
 * Built by the worker.
 */
public record ActivityResources(ArtifactStore store, DatasetCatalog datasets, Device device, MesaMetrics metrics,
                                TrainingCadence cadence, WorkerShutdown shutdown) {}
