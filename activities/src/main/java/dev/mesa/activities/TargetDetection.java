package dev.mesa.activities;

import dev.mesa.defence.DetectionResult;
import dev.mesa.defence.DetectionRule;
import dev.mesa.defence.TargetDetector;
import dev.mesa.distribution.SubModelReport;
import dev.mesa.workflows.activity.ClassScore;
import dev.mesa.workflows.activity.DetectTargetsRequest;
import dev.mesa.workflows.activity.DetectionOutcome;

import java.util.List;

/** {@code detectTargets}: the detection rule over the per-class detection generators (arithmetic, nothing stored). */
final class TargetDetection {
    /** Keeps the anomaly index finite when most classes sit at the same ASR (one percentage point). */
    private static final double MAD_FLOOR = 0.01;

    DetectionOutcome run(DetectTargetsRequest request) {
        if (request.generators() == null || request.generators().size() < 2) {
            throw new IllegalArgumentException("detection compares classes: give at least two detection generators");
        }
        List<SubModelReport> reports = request.generators().stream().map(g -> new SubModelReport(g.targetClass(),
                g.beta(), g.meanTestingFunction(), g.sampleAsr(), g.mutualInformation(), g.diversity(), g.skipped(),
                0)).toList();
        DetectionResult result = new TargetDetector(new DetectionRule(request.asrThreshold(), request.madThreshold(),
                MAD_FLOOR)).decide(reports);
        List<ClassScore> scores = result.perClass().stream().map(d -> new ClassScore(d.targetClass(), d.sampleAsr(),
                d.anomalyIndex(), d.flagged())).toList();
        return new DetectionOutcome(result.attackedClasses().stream().sorted().toList(), scores);
    }
}
