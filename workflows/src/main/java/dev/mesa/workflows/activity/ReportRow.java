package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * One row of a report table: a label and one number per value column (null when not measured; booleans as 1/0).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportRow(String label, List<Double> values) {}
