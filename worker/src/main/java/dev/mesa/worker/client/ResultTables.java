package dev.mesa.worker.client;

import dev.mesa.workflows.DefenseResult;
import dev.mesa.workflows.SweepResult;
import dev.mesa.workflows.TriggerResult;
import dev.mesa.workflows.VariantEvaluation;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plain-text tables of workflow results: per evaluated model its clean accuracy, the ASR of the original trigger
 * and the defence effectiveness rate against the model before the defence (DER, BackdoorBench: 1 perfect, 0.5 no
 * change), as the evaluate activity computed it (blank in results recorded before it did).
 */
public final class ResultTables {
    private ResultTables() {}

    public static void printDefense(DefenseResult r, PrintStream out) {
        out.println("defense " + r.defenseId() + ": " + r.status() + ", attacked classes " + r.attackedClasses());
        if (r.scan() != null) {
            out.println("detection scan: continued " + (r.scan().continuing().isEmpty() ? "no class"
                    : "classes " + r.scan().continuing()) + " to the full budget");
        }
        table(out, r.evaluations().stream().map(e -> new Row(e.variant(), e)).toList());
        r.evaluations().stream().filter(e -> !e.sampledTriggerAsr().isEmpty()).forEach(e -> out.println("  "
                + e.variant() + ": sampled-trigger ASR " + e.sampledTriggerAsr().stream().map(a -> "class "
                + a.targetClass() + " " + percent(a.attackSuccessRate())).toList()));
        out.println("chosen: " + r.chosenVariant() + " (" + r.choiceReason() + ")");
        if (!r.stageMillis().isEmpty()) {
            List<String> stages = new ArrayList<>();
            r.stageMillis().forEach((stage, millis) -> stages.add(stage + " " + String.format(Locale.ROOT, "%.0fs",
                    millis / 1000.0)));
            out.println("stage times: " + String.join(", ", stages));
        }
        if (r.report() != null) {
            out.println("report: " + r.report().markdownPath());
        }
    }

    public static void printSweep(SweepResult r, PrintStream out) {
        out.println("sweep " + r.sweepId() + ": " + r.status() + ", clean model " + r.cleanModelKey()
                + (r.cleanAccuracy() != null ? " (accuracy " + percent(r.cleanAccuracy()) + ")" : ""));
        for (TriggerResult t : r.triggers()) {
            printTrigger(t, out);
        }
        if (r.report() != null) {
            out.println("report: " + r.report().markdownPath());
        }
    }

    public static void printTrigger(TriggerResult t, PrintStream out) {
        out.println();
        out.println("trigger " + t.label() + " -> class " + t.targetClass() + ": " + t.status()
                + (t.error() != null ? " (" + t.error() + ")" : ""));
        if (t.attacked() == null) {
            return;
        }
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("attacked (before defence)", t.attacked()));
        t.defense().forEach(e -> rows.add(new Row("MESA " + e.variant(), e)));
        t.baseline().forEach(e -> rows.add(new Row("baseline (reversed, " + e.variant().replace("baseline-", "")
                + ")", e)));
        if (t.ideal() != null) {
            rows.add(new Row("ideal (original trigger)", t.ideal()));
        }
        table(out, rows);
        out.println("detection: flagged " + t.detectedClasses() + "; detection-generator ASR on class "
                + t.targetClass() + " " + percent(t.targetDetectionAsr()) + ", best other class "
                + percent(t.bestOtherDetectionAsr()));
        out.println("chosen variant: " + t.chosenVariant());
    }

    private record Row(String label, VariantEvaluation evaluation) {}

    private static void table(PrintStream out, List<Row> rows) {
        out.printf(Locale.ROOT, "  %-28s %12s %10s %7s%n", "model", "clean acc.", "ASR", "DER");
        for (Row row : rows) {
            VariantEvaluation e = row.evaluation();
            String der = e.defenseEffectiveness() == null ? ""
                    : String.format(Locale.ROOT, "%.3f", e.defenseEffectiveness());
            out.printf(Locale.ROOT, "  %-28s %12s %10s %7s%n", row.label(), percent(e.cleanAccuracy()),
                    percent(e.attackSuccessRate()), der);
        }
    }

    static String percent(Double fraction) {
        return fraction == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }
}
