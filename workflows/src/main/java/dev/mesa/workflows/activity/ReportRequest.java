package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Write a report (Markdown and JSON) under the artifact key {@code reportId}.
 *
 * @param reportId the report's key, e.g. {@code defense/<defenseId>} or {@code sweep/<sweepId>}
 * @param findings sentences for the top of the report (what was found, which model was chosen and why)
 * @param tables   the metrics tables
 * @param figure   the trigger-distribution figure to draw, null for none
 * @param models   a defence's evaluated models (before and every repaired variant), kept in {@code report.json} for
 *                 {@code mesa export}; null for a sweep (and left out of the JSON, so sweep report keys stay as they
 *                 were)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportRequest(String reportId, String title, List<String> findings, List<ReportTable> tables,
                            long seed, ReportFigure figure,
                            @AddedField @JsonInclude(JsonInclude.Include.NON_NULL) List<ReportedModel> models) {
    public ReportRequest(String reportId, String title, List<String> findings, List<ReportTable> tables, long seed,
                         ReportFigure figure) {
        this(reportId, title, findings, tables, seed, figure, null);
    }
}
