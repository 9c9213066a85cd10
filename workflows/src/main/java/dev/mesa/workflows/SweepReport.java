package dev.mesa.workflows;

import dev.mesa.workflows.SeedRule.Stream;
import dev.mesa.workflows.activity.ReportRequest;
import dev.mesa.workflows.activity.ReportRow;
import dev.mesa.workflows.activity.ReportTable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Builds the {@link ReportRequest} of a sweep: the headline table and one row per trigger. */
final class SweepReport {
    private SweepReport() {}

    static ReportRequest request(SweepInput input, String cleanModelKey, Double cleanAccuracy,
                                 List<TriggerResult> results, List<MethodSummary> summary) {
        long failed = results.stream().filter(r -> RunStatus.FAILED.equals(r.status())).count();
        List<String> findings = new ArrayList<>();
        findings.add("clean model: " + cleanModelKey + (cleanAccuracy != null
                ? " (accuracy " + VariantChoice.percent(cleanAccuracy) + ")" : ""));
        findings.add(results.size() + " triggers, " + failed + " failed");
        results.stream().filter(r -> r.error() != null).forEach(r -> findings.add(r.label() + " failed: " + r.error()));
        List<ReportTable> tables = new ArrayList<>();
        tables.add(new ReportTable("summary", List.of("method", "measurements", "mean ASR", "worst ASR",
                "mean clean accuracy"), summary.stream().map(m -> new ReportRow(m.method(), List.of(
                (double) m.measurements(), m.meanAsr(), m.worstAsr(), m.meanCleanAccuracy()))).toList()));
        tables.add(triggerTable(results));
        return new ReportRequest(WorkflowIds.sweep(input.sweepId()), "MESA sweep " + input.sweepId(), findings, tables,
                SeedRule.derive(input.seed(), Stream.REPORT, 0), null);
    }

    private static ReportTable triggerTable(List<TriggerResult> results) {
        Set<String> variants = new LinkedHashSet<>();
        results.forEach(r -> r.defense().forEach(e -> variants.add(e.variant())));
        List<String> columns = new ArrayList<>(List.of("trigger", "attacked ASR", "detection ASR (target)",
                "detection ASR (best other)", "target detected"));
        variants.forEach(v -> columns.add("mesa " + v + " ASR"));
        columns.addAll(List.of("baseline mean ASR", "baseline worst ASR", "ideal ASR"));
        List<ReportRow> rows = new ArrayList<>();
        for (TriggerResult r : results) {
            List<Double> values = new ArrayList<>(Arrays.asList(asr(r.attacked()), r.targetDetectionAsr(),
                    r.bestOtherDetectionAsr(), r.detectedClasses() == null ? null
                            : r.detectedClasses().contains(r.targetClass()) ? 1.0 : 0.0));
            for (String v : variants) {
                values.add(r.defense().stream().filter(e -> e.variant().equals(v)).findFirst().map(SweepReport::asr)
                        .orElse(null));
            }
            values.add(r.baseline().stream().map(SweepReport::asr).filter(a -> a != null)
                    .mapToDouble(Double::doubleValue).average().stream().boxed().findFirst().orElse(null));
            values.add(r.baseline().stream().map(SweepReport::asr).filter(a -> a != null).max(Double::compare)
                    .orElse(null));
            values.add(asr(r.ideal()));
            rows.add(new ReportRow(r.label(), values));
        }
        return new ReportTable("triggers", columns, rows);
    }

    private static Double asr(VariantEvaluation e) {
        return e != null ? e.attackSuccessRate() : null;
    }
}
