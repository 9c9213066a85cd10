package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * Write a report (Markdown and JSON) under the artifact key {@code reportId}.
 *
 * @param reportId the report's key, e.g. {@code defense/<defenseId>} or {@code sweep/<sweepId>}
 * @param findings sentences for the top of the report (what was found, which model was chosen and why)
 * @param tables   the metrics tables
 * @param figure   the trigger-distribution figure to draw, null for none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportRequest(String reportId, String title, List<String> findings, List<ReportTable> tables,
                            long seed, ReportFigure figure) {}
