package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * A table of a report. {@code columns} names the label column first, then one column per value.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportTable(String title, List<String> columns, List<ReportRow> rows) {}
