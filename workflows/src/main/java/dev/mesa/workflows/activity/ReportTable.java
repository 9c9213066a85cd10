package dev.mesa.workflows.activity;

import java.util.List;

/**
 * A table of a report. {@code columns} names the label column first, then one column per value.
 */
public record ReportTable(String title, List<String> columns, List<ReportRow> rows) {}
