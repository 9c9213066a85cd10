/**
 * Rendering of the reports the workflows request: Markdown and JSON from the request's findings and tables
 * ({@link dev.mesa.activities.report.MarkdownReport}), and the trigger-distribution figure
 * ({@link dev.mesa.activities.report.FigureGroups} collected by the activity, drawn by the core's
 * {@code TriggerEmbedding}).
 */
package dev.mesa.activities.report;
