package dev.mesa.activities.report;

import dev.mesa.workflows.activity.ReportRequest;
import dev.mesa.workflows.activity.ReportRow;
import dev.mesa.workflows.activity.ReportTable;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** A report request as Markdown: title, findings as a list, each table, then the figures. */
public final class MarkdownReport {
    private MarkdownReport() {}

    public static String render(ReportRequest request, List<String> figureFiles) {
        StringBuilder md = new StringBuilder("# ").append(request.title() != null ? request.title() : request.reportId())
                .append("\n\n");
        if (request.findings() != null) {
            request.findings().forEach(f -> md.append("- ").append(f).append('\n'));
            md.append('\n');
        }
        if (request.tables() != null) {
            request.tables().forEach(t -> table(md, t));
        }
        if (!figureFiles.isEmpty()) {
            md.append("## Trigger distribution\n\n");
            figureFiles.forEach(f -> md.append("![").append(f).append("](").append(f).append(")\n\n"));
        }
        return md.toString();
    }

    /** A value for a table cell: up to 4 decimals, trailing zeros dropped, a dash when not measured. */
    public static String cell(Double value) {
        if (value == null) {
            return "–";
        }
        if (value.isNaN() || value.isInfinite()) {
            return value.toString();
        }
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    private static void table(StringBuilder md, ReportTable table) {
        md.append("## ").append(table.title()).append("\n\n");
        List<String> columns = table.columns() != null ? table.columns() : List.of();
        md.append("| ").append(String.join(" | ", columns)).append(" |\n|");
        columns.forEach(c -> md.append("---|"));
        md.append('\n');
        for (ReportRow row : table.rows() != null ? table.rows() : List.<ReportRow>of()) {
            md.append("| ").append(row.label());
            if (row.values() != null) {
                row.values().forEach(v -> md.append(" | ").append(cell(v)));
            }
            md.append(" |\n");
        }
        md.append('\n');
    }
}
