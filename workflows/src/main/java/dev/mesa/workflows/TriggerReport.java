package dev.mesa.workflows;

import dev.mesa.workflows.SeedRule.Stream;
import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.ReportFigure;
import dev.mesa.workflows.activity.ReportRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link ReportRequest} of one trigger experiment: every evaluated model (attacked, MESA variants, baseline
 * rounds, ideal) and the trigger-distribution figure with the MESA generators' samples, the original trigger and the
 * baseline's reversed triggers. Report id: the experiment's workflow id, {@code <sweepId>/trigger-<label>}.
 */
final class TriggerReport {
    private TriggerReport() {}

    static ReportRequest request(TriggerExperimentInput input, VariantEvaluation attacked, DefenseResult defense,
                                 List<VariantEvaluation> baseline, VariantEvaluation ideal, List<String> reversedKeys) {
        List<VariantEvaluation> all = new ArrayList<>();
        all.add(attacked);
        if (defense != null) {
            defense.evaluations().stream().filter(e -> !e.variant().equals(VariantNames.BEFORE)).forEach(all::add);
        }
        all.addAll(baseline);
        if (ideal != null) {
            all.add(ideal);
        }
        List<String> findings = new ArrayList<>();
        findings.add("trigger " + input.trigger().label() + " -> class " + input.attack().targetClass());
        if (defense != null) {
            findings.add("detected classes: " + defense.attackedClasses() + "; chosen: " + defense.chosenVariant());
        }
        findings.addAll(baselineFindings(baseline));
        List<String> generators = defense == null ? List.of() : defense.generators().stream()
                .filter(g -> !g.skipped()).map(GeneratorArtifact::key).toList();
        ReportFigure figure = generators.isEmpty() ? null : new ReportFigure(generators, input.trigger(),
                reversedKeys.stream().sorted().toList());
        return new ReportRequest(WorkflowIds.triggerExperiment(input.sweepId(), input.trigger()), "MESA sweep "
                + input.sweepId() + ", trigger " + input.trigger().label(), findings,
                List.of(DefenseReport.evaluationTable("evaluation", all)), SeedRule.derive(input.seed(), Stream.REPORT, 0),
                figure);
    }

    /** Per baseline protocol: the mean and the worst after-defence ASR over its rounds. */
    static List<String> baselineFindings(List<VariantEvaluation> baseline) {
        java.util.Map<String, List<Double>> byProtocol = new java.util.LinkedHashMap<>();
        for (VariantEvaluation e : baseline) {
            String protocol = VariantNames.baselineProtocol(e.variant());
            if (protocol != null && e.attackSuccessRate() != null) {
                byProtocol.computeIfAbsent(protocol, p -> new ArrayList<>()).add(e.attackSuccessRate());
            }
        }
        List<String> lines = new ArrayList<>();
        byProtocol.forEach((protocol, asr) -> lines.add(String.format(java.util.Locale.ROOT,
                "%s over %d rounds: mean ASR %.1f%%, worst %.1f%%", VariantNames.baselineMethod(protocol), asr.size(),
                100 * asr.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                100 * asr.stream().mapToDouble(Double::doubleValue).max().orElseThrow())));
        return lines;
    }
}
