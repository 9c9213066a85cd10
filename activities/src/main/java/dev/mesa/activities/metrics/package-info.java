/**
 * Domain metrics of the activities, through the Micrometer API only (the worker chooses the registry and serves it
 * as Prometheus text). {@link dev.mesa.activities.metrics.MetricNames} lists every name with its Prometheus form;
 * {@link dev.mesa.activities.metrics.MesaMetrics} records them; labels take bounded values only (trigger labels,
 * phases, β levels, class indices, loop and activity names), never run ids or paths.
 */
package dev.mesa.activities.metrics;
