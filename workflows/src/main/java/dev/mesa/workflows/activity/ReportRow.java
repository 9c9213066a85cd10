package dev.mesa.workflows.activity;

import java.util.List;

/**
 * One row of a report table: a label and one number per value column (null when not measured; booleans as 1/0).
 */
public record ReportRow(String label, List<Double> values) {}
