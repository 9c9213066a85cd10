/**
 * Domain metrics of the activities, through the Micrometer API only (the worker chooses the registry and serves it
 * as Prometheus text). {@link dev.mesa.activities.metrics.MetricNames} lists every name with its Prometheus form;
 * {@link dev.mesa.activities.metrics.MesaMetrics} records them; labels take bounded values only (trigger labels,
 * phases, β levels, class indices, loop and activity names, and the run of the run-scoped gauges, whose series
 * {@link dev.mesa.activities.metrics.GaugeBoard} removes once the run was idle for the retention period), never
 * paths or seeds.
 */
package dev.mesa.activities.metrics;
