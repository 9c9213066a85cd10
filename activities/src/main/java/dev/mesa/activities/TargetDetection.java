package dev.mesa.activities;

import dev.mesa.defense.DetectionResult;
import dev.mesa.defense.DetectionRule;
import dev.mesa.defense.ContinuationRule;
import dev.mesa.defense.TargetDetector;
import dev.mesa.distribution.SubModelReport;
import dev.mesa.workflows.activity.ClassScore;
import dev.mesa.workflows.activity.DetectTargetsRequest;
import dev.mesa.workflows.activity.DetectionOutcome;

import java.util.List;

/**
 * {@code detectTargets}: the detection rule over the per-class detection generators (arithmetic, nothing stored);
 * after a detection scan, also the classes that continue to the full budget ({@link ContinuationRule}).
 */
final class TargetDetection {
    DetectionOutcome run(DetectTargetsRequest request) {
        if (request.generators() == null || request.generators().size() < 2) {
            throw new IllegalArgumentException("detection compares classes: give at least two detection generators");
        }
        if (request.afterScan() && (request.scanContinueAsr() == null || request.scanContinueAnomaly() == null)) {
            throw new IllegalArgumentException("a scan's rule needs both scanContinueAsr and scanContinueAnomaly");
        }
        List<SubModelReport> reports = request.generators().stream().map(g -> new SubModelReport(g.targetClass(),
                g.beta(), g.meanTestingFunction(), g.sampleAsr(), g.mutualInformation(), g.diversity(), g.skipped(),
                0)).toList();
        DetectionRule rule = TrainingConfigs.detection(request.asrThreshold(), request.madThreshold());
        DetectionResult result = new TargetDetector(rule).decide(reports);
        List<ClassScore> scores = result.perClass().stream().map(d -> new ClassScore(d.targetClass(), d.sampleAsr(),
                d.anomalyIndex(), d.flagged())).toList();
        List<Integer> continuing = null;
        if (request.afterScan()) {
            continuing = new ContinuationRule(request.scanContinueAsr(), request.scanContinueAnomaly())
                    .requireCompatible(rule).continuing(result).stream().sorted().toList();
        }
        return new DetectionOutcome(result.attackedClasses().stream().sorted().toList(), scores, continuing);
    }
}
