package dev.mesa.defense;

import dev.mesa.distribution.SubModelReport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Step 1 of the defence: decides which classes are attacked from one MESA sub-model per class. */
public final class TargetDetector {
    private final DetectionRule rule;

    public TargetDetector(DetectionRule rule) {
        this.rule = rule;
    }

    public DetectionResult decide(List<SubModelReport> perClass) {
        if (perClass.size() < 2) {
            throw new IllegalArgumentException("detection compares classes: at least two per-class results are needed");
        }
        double[] asr = perClass.stream().mapToDouble(SubModelReport::sampleAsr).toArray();
        double median = median(asr);
        double[] deviations = Arrays.stream(asr).map(a -> Math.abs(a - median)).toArray();
        double mad = median(deviations);
        double scale = 1.4826 * Math.max(mad, rule.madFloor());
        List<DetectionResult.ClassDecision> rows = new ArrayList<>();
        List<Integer> attacked = new ArrayList<>();
        for (SubModelReport r : perClass) {
            double anomaly = (r.sampleAsr() - median) / scale;
            boolean flagged = r.sampleAsr() >= rule.asrThreshold() && anomaly >= rule.anomalyThreshold();
            rows.add(new DetectionResult.ClassDecision(r.targetClass(), r.sampleAsr(), anomaly, flagged));
            if (flagged) {
                attacked.add(r.targetClass());
            }
        }
        return new DetectionResult(rows, attacked, median, mad);
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
