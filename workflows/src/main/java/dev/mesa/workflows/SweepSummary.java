package dev.mesa.workflows;

import dev.mesa.workflows.activity.ReverseTriggerRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregates the completed triggers into the headline table: per method, mean and worst ASR, mean clean accuracy.
 * Each baseline protocol has two rows: every round ({@code baseline}, {@code baseline reference}) and each trigger's
 * worst round ({@code baseline worst round}, ...), the paper's worst case.
 */
final class SweepSummary {
    private SweepSummary() {}

    static List<MethodSummary> of(List<TriggerResult> results) {
        Map<String, List<VariantEvaluation>> byMethod = new LinkedHashMap<>();
        for (TriggerResult r : results) {
            if (!RunStatus.COMPLETED.equals(r.status())) {
                continue;
            }
            add(byMethod, "attacked", r.attacked());
            for (VariantEvaluation e : r.defense()) {
                add(byMethod, "mesa " + e.variant(), e);
                if (e.variant().equals(r.chosenVariant())) {
                    add(byMethod, "mesa chosen", e);
                }
            }
            Map<String, VariantEvaluation> worstRound = new LinkedHashMap<>();
            for (VariantEvaluation e : r.baseline()) {
                String protocol = VariantNames.baselineProtocol(e.variant());
                String method = VariantNames.baselineMethod(protocol != null ? protocol : ReverseTriggerRequest.MESA);
                add(byMethod, method, e);
                if (e.attackSuccessRate() != null) {
                    worstRound.merge(method, e, (a, b) -> b.attackSuccessRate() > a.attackSuccessRate() ? b : a);
                }
            }
            // a trigger's worst round counts once: the mean of these rows is the mean over triggers of the worst round
            worstRound.forEach((method, e) -> add(byMethod, method + " worst round", e));
            add(byMethod, "ideal", r.ideal());
        }
        List<MethodSummary> rows = new ArrayList<>();
        byMethod.forEach((method, evaluations) -> rows.add(summarise(method, evaluations)));
        return rows;
    }

    private static void add(Map<String, List<VariantEvaluation>> byMethod, String method, VariantEvaluation e) {
        if (e != null && e.attackSuccessRate() != null) {
            byMethod.computeIfAbsent(method, m -> new ArrayList<>()).add(e);
        }
    }

    private static MethodSummary summarise(String method, List<VariantEvaluation> evaluations) {
        double asrSum = 0;
        double worst = 0;
        double accuracySum = 0;
        for (VariantEvaluation e : evaluations) {
            asrSum += e.attackSuccessRate();
            worst = Math.max(worst, e.attackSuccessRate());
            accuracySum += e.cleanAccuracy();
        }
        int n = evaluations.size();
        return new MethodSummary(method, n, asrSum / n, worst, accuracySum / n);
    }
}
