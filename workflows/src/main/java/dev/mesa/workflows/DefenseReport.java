package dev.mesa.workflows;

import dev.mesa.workflows.SeedRule.Stream;
import dev.mesa.workflows.activity.ClassScore;
import dev.mesa.workflows.activity.DetectionOutcome;
import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.ReportFigure;
import dev.mesa.workflows.activity.ModelSpec;
import dev.mesa.workflows.activity.ReportRequest;
import dev.mesa.workflows.activity.ReportRow;
import dev.mesa.workflows.activity.ReportTable;
import dev.mesa.workflows.activity.SampledTriggerAsr;
import dev.mesa.workflows.activity.ReportedModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the {@link ReportRequest} of a defence: findings, the detection scan (when detection scanned), detection,
 * the detection generators' traces (when measured after more than their last epoch), generator and evaluation
 * tables, an audit's sampled-trigger ASR, and the evaluated models with their keys (for {@code mesa export}).
 * Classes are named by the model file's {@code classNames} when it declares them.
 */
final class DefenseReport {
    private DefenseReport() {}

    static ReportRequest request(DefenseInput input, DetectionOutcome scan, DetectionOutcome detection,
                                 List<GeneratorArtifact> detectionGenerators, List<GeneratorArtifact> generators,
                                 List<VariantEvaluation> evaluations, String chosenVariant, String reason) {
        List<String> findings = new ArrayList<>();
        ModelSpec file = input.model();
        findings.add("model: " + (file == null ? input.modelKey() : file.path() + " (" + file.format()
                + ", stored as " + input.modelKey() + ")"));
        findings.add(detection.attackedClasses().isEmpty() ? "no class flagged as attacked"
                : "attacked classes: " + detection.attackedClasses().stream().map(c -> className(file, c)).toList());
        findings.add("chosen: " + (chosenVariant != null ? chosenVariant : "none") + " (" + reason + ")");
        List<ReportTable> tables = new ArrayList<>();
        if (scan != null) {
            findings.add("detection scan: " + input.mesa().scanEpochs() + " epochs per class, continued to "
                    + input.mesa().detectionEpochs() + ": " + (scan.continuing().isEmpty() ? "no class"
                    : "classes " + scan.continuing()));
            tables.add(new ReportTable("detection scan (after " + input.mesa().scanEpochs() + " epochs)",
                    List.of("class", "sample ASR", "anomaly index", "continued"), scan.perClass().stream()
                    .map(s -> new ReportRow("class " + className(file, s.classIndex()), List.of(s.sampleAsr(), s.anomalyIndex(),
                            scan.continuing().contains(s.classIndex()) ? 1.0 : 0.0))).toList()));
        }
        tables.add(new ReportTable("detection", List.of("class", "sample ASR", "anomaly index", "flagged"),
                detection.perClass().stream().map(s -> detectionRow(file, s)).toList()));
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
        List<ReportedModel> models = evaluations.stream().map(e -> new ReportedModel(e.variant(), e.modelKey(),
                e.cleanAccuracy(), e.attackSuccessRate(), e.variant().equals(chosenVariant))).toList();
        return new ReportRequest(WorkflowIds.defense(input.defenseId()), "MESA defence " + input.defenseId(), findings,
                tables, SeedRule.derive(input.seed(), Stream.REPORT, 0), figure, models);
    }

    /** {@code 3}, or {@code 3 (cat)} when the model file names its classes. */
    static String className(ModelSpec file, int index) {
        String name = file != null ? file.className(index) : null;
        return name != null ? index + " (" + name + ")" : Integer.toString(index);
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

    private static ReportRow detectionRow(ModelSpec file, ClassScore s) {
        return new ReportRow("class " + className(file, s.classIndex()), List.of(s.sampleAsr(), s.anomalyIndex(),
                s.flagged() ? 1.0 : 0.0));
    }

    /**
     * The generators: what they achieve on the evaluation split (images the search never saw; empty for results
     * measured before these figures existed), the entropy figures, and the defence-split figures the skip rule and
     * detection decided by.
     */
    private static ReportTable generatorTable(List<GeneratorArtifact> generators) {
        return new ReportTable("generators", List.of("generator", "beta", "mean F (evaluation)",
                "sample ASR (evaluation)", "mutual information", "diversity", "mean F (defence, skip rule)",
                "sample ASR (defence, detection)", "skipped"), generators.stream().map(g -> new ReportRow(
                "class " + g.targetClass() + " " + VariantNames.beta(g.beta()), java.util.Arrays.asList(g.beta(),
                g.heldOutTestingFunction(), g.heldOutSampleAsr(), g.mutualInformation(), g.diversity(),
                g.meanTestingFunction(), g.sampleAsr(), g.skipped() ? 1.0 : 0.0)))
                .toList());
    }
}
