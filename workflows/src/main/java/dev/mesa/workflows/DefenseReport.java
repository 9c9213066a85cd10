package dev.mesa.workflows;

import dev.mesa.workflows.SeedRule.Stream;
import dev.mesa.workflows.activity.ClassScore;
import dev.mesa.workflows.activity.DetectionOutcome;
import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.ReportFigure;
import dev.mesa.workflows.activity.ReportRequest;
import dev.mesa.workflows.activity.ReportRow;
import dev.mesa.workflows.activity.ReportTable;
import dev.mesa.workflows.activity.SampledTriggerAsr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the {@link ReportRequest} of a defence: findings, the detection scan (when detection scanned), detection,
 * the detection generators' traces (when measured after more than their last epoch), generator and evaluation
 * tables, and an audit's sampled-trigger ASR.
 */
final class DefenseReport {
    private DefenseReport() {}

    static ReportRequest request(DefenseInput input, DetectionOutcome scan, DetectionOutcome detection,
                                 List<GeneratorArtifact> detectionGenerators, List<GeneratorArtifact> generators,
                                 List<VariantEvaluation> evaluations, String chosenVariant, String reason) {
        List<String> findings = new ArrayList<>();
        findings.add("model: " + input.modelKey());
        findings.add(detection.attackedClasses().isEmpty() ? "no class flagged as attacked"
                : "attacked classes: " + detection.attackedClasses());
        findings.add("chosen: " + (chosenVariant != null ? chosenVariant : "none") + " (" + reason + ")");
        List<ReportTable> tables = new ArrayList<>();
        if (scan != null) {
            findings.add("detection scan: " + input.mesa().scanEpochs() + " epochs per class, continued to "
                    + input.mesa().detectionEpochs() + ": " + (scan.continuing().isEmpty() ? "no class"
                    : "classes " + scan.continuing()));
            tables.add(new ReportTable("detection scan (after " + input.mesa().scanEpochs() + " epochs)",
                    List.of("class", "sample ASR", "anomaly index", "continued"), scan.perClass().stream()
                    .map(s -> new ReportRow("class " + s.classIndex(), List.of(s.sampleAsr(), s.anomalyIndex(),
                            scan.continuing().contains(s.classIndex()) ? 1.0 : 0.0))).toList()));
        }
        tables.add(new ReportTable("detection", List.of("class", "sample ASR", "anomaly index", "flagged"),
                detection.perClass().stream().map(DefenseReport::detectionRow).toList()));
        DetectionTraces.tables(detectionGenerators).forEach(tables::add);
        List<GeneratorArtifact> all = new ArrayList<>(detectionGenerators);
        generators.stream().filter(g -> !all.contains(g)).forEach(all::add);
        tables.add(generatorTable(all));
        tables.add(evaluationTable("evaluation", evaluations));
        if (evaluations.stream().anyMatch(e -> !e.sampledTriggerAsr().isEmpty())) {
            tables.add(sampledTriggerTable(evaluations));
        }
        List<String> usable = generators.stream().filter(g -> !g.skipped()).map(GeneratorArtifact::key).toList();
        ReportFigure figure = usable.isEmpty() ? null : new ReportFigure(usable, input.originalTrigger(), List.of());
        return new ReportRequest(WorkflowIds.defense(input.defenseId()), "MESA defence " + input.defenseId(), findings,
                tables, SeedRule.derive(input.seed(), Stream.REPORT, 0), figure);
    }

    static ReportTable evaluationTable(String title, List<VariantEvaluation> evaluations) {
        return new ReportTable(title, List.of("variant", "clean accuracy", "ASR"), evaluations.stream()
                .map(e -> new ReportRow(e.variant(), Arrays.asList(e.cleanAccuracy(), e.attackSuccessRate()))).toList());
    }

    /** The audit's evidence: per model, the ASR of each attacked class's sampled triggers. */
    private static ReportTable sampledTriggerTable(List<VariantEvaluation> evaluations) {
        List<Integer> classes = evaluations.stream().flatMap(e -> e.sampledTriggerAsr().stream())
                .map(SampledTriggerAsr::targetClass).distinct().sorted().toList();
        List<String> columns = new ArrayList<>(List.of("variant"));
        classes.forEach(c -> columns.add("sampled-trigger ASR, class " + c));
        return new ReportTable("sampled triggers", columns, evaluations.stream().map(e -> new ReportRow(e.variant(),
                classes.stream().map(c -> e.sampledTriggerAsr().stream().filter(a -> a.targetClass() == c)
                        .map(SampledTriggerAsr::attackSuccessRate).findFirst().orElse(null)).toList())).toList());
    }

    private static ReportRow detectionRow(ClassScore s) {
        return new ReportRow("class " + s.classIndex(), List.of(s.sampleAsr(), s.anomalyIndex(), s.flagged() ? 1.0 : 0.0));
    }

    private static ReportTable generatorTable(List<GeneratorArtifact> generators) {
        return new ReportTable("generators", List.of("generator", "beta", "mean F", "sample ASR", "mutual information",
                "diversity", "skipped"), generators.stream().map(g -> new ReportRow(
                "class " + g.targetClass() + " " + VariantNames.beta(g.beta()), List.of(g.beta(),
                g.meanTestingFunction(), g.sampleAsr(), g.mutualInformation(), g.diversity(), g.skipped() ? 1.0 : 0.0)))
                .toList());
    }
}
