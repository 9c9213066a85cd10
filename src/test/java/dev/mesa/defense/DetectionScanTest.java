package dev.mesa.defense;

import dev.mesa.distribution.SubModelReport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The continuation rule is arithmetic on a detection table: exact inputs, exact answers, on any CPU. */
class DetectionScanTest {
    static final TargetDetector DETECTOR = new TargetDetector(DetectionRule.defaults());
    static final ContinuationRule SCAN = ContinuationRule.provisional();

    static DetectionResult.ClassDecision row(double asr, double anomaly) {
        return new DetectionResult.ClassDecision(0, asr, anomaly, false);
    }

    @Test
    void aClassContinuesWhenItsAsrOrItsAnomalyIndexReachesItsBound() {
        assertTrue(SCAN.continues(row(0.10, 0.0)), "the ASR bound is inclusive");
        assertTrue(SCAN.continues(row(0.02, 2.0)), "the anomaly bound is inclusive");
        assertTrue(SCAN.continues(row(0.95, 40.0)));
        assertFalse(SCAN.continues(row(0.0999, 1.999)));
        assertFalse(SCAN.continues(row(0.03, -1.0)));
    }

    @Test
    void aScanOfTenClassesContinuesTheClimbingClassAndTheOutlierOnly() {
        // class 5 is far ahead; class 7 is low but stands out (median .02, MAD floor .01: index (.06-.02)/.014826 = 2.7)
        DetectionResult scan = DETECTOR.decide(TargetDetectorTest.table(0.02, 0.01, 0.02, 0.03, 0.01, 0.62, 0.02,
                0.06, 0.02, 0.03));
        assertEquals(List.of(5, 7), SCAN.continuing(scan));
        assertEquals(List.of(5), scan.attackedClasses(), "the scan's own verdict flags the climbing class already");
    }

    @Test
    void finalReportsKeepTheScanOrderAndReplaceOnlyTheContinuedClasses() {
        List<SubModelReport> scanned = TargetDetectorTest.table(0.02, 0.40, 0.03);
        SubModelReport full = new SubModelReport(1, 0.9, 0.9, 0.91, 1.0, 0.5, false, 620);
        List<SubModelReport> reports = DetectionScan.finalReports(scanned, Map.of(1, full));
        assertEquals(List.of(scanned.get(0), full, scanned.get(2)), reports);
    }

    @Test
    void aContinuationBoundAboveTheRulesThresholdIsRefusedSoAStoppedClassIsNeverFlagged() {
        DetectionRule rule = DetectionRule.defaults();
        assertEquals(SCAN, SCAN.requireCompatible(rule));
        ContinuationRule tooLate = new ContinuationRule(0.6, 2.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tooLate.requireCompatible(rule));
        assertTrue(e.getMessage().contains("must not exceed"), e.getMessage());
    }

    @Test
    void badParametersFailNamingWhatIsWrong() {
        assertThrows(IllegalArgumentException.class, () -> new DetectionScan(0, SCAN));
        assertThrows(IllegalArgumentException.class, () -> new DetectionScan(2, null));
        assertThrows(IllegalArgumentException.class, () -> new ContinuationRule(0, 2));
        assertThrows(IllegalArgumentException.class, () -> new ContinuationRule(1.5, 2));
        assertThrows(IllegalArgumentException.class, () -> new ContinuationRule(0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ContinuationRule(0.1, Double.NaN));
        assertEquals(new DetectionScan(2, new ContinuationRule(0.1, 2.0)), DetectionScan.provisional());
    }

    /** A per-epoch trace of one class: sample ASR {@code asr[e]} after epoch e + 1, 62 steps per epoch. */
    static List<SubModelReport> trace(int cls, double... asr) {
        List<SubModelReport> points = new ArrayList<>();
        for (int e = 0; e < asr.length; e++) {
            points.add(new SubModelReport(cls, 0.9, asr[e], asr[e], 1.0, 0.5, asr[e] < 0.9, 62L * (e + 1)));
        }
        return points;
    }

    @Test
    void replayOnTracesGivesTheFullBudgetVerdictWhenTheAttackedClassClimbsEarly() {
        List<List<SubModelReport>> traces = new ArrayList<>();
        traces.add(trace(0, 0.30, 0.55, 0.70, 0.86)); // attacked: 30% after one epoch
        for (int c = 1; c < 10; c++) {
            traces.add(trace(c, 0.01, 0.01 + c * 0.002, 0.02, 0.02 + c * 0.003));
        }
        DetectionScan.Replay replay = new DetectionScan(1, SCAN).replay(traces, DETECTOR, 62);
        assertEquals(List.of(0), replay.continued());
        assertEquals(List.of(0), replay.verdict().attackedClasses());
        assertTrue(replay.sameVerdict());
        assertEquals(0.86, replay.verdict().perClass().get(0).sampleAsr(), 0, "the continued class's final figure");
        assertEquals(0.01, replay.verdict().perClass().get(3).sampleAsr(), 0, "a stopped class keeps its scan figure");
    }

    @Test
    void replayShowsADifferentVerdictWhenTheAttackedClassClimbsOnlyAfterTheScan() {
        List<List<SubModelReport>> traces = new ArrayList<>();
        traces.add(trace(0, 0.01, 0.02, 0.40, 0.80)); // a late climber: indistinguishable after one epoch
        for (int c = 1; c < 10; c++) {
            traces.add(trace(c, 0.01, 0.01, 0.02, 0.02));
        }
        DetectionScan.Replay replay = new DetectionScan(1, SCAN).replay(traces, DETECTOR, 62);
        assertEquals(List.of(), replay.continued());
        assertEquals(List.of(0), replay.fullBudgetVerdict().attackedClasses());
        assertFalse(replay.sameVerdict(), "the replay exposes the miss instead of hiding it");
        assertTrue(new DetectionScan(3, SCAN).replay(traces, DETECTOR, 62).sameVerdict(), "a longer scan sees it");
    }

    @Test
    void replayRefusesATraceWithoutAPointAtTheScanEpoch() {
        List<List<SubModelReport>> traces = List.of(trace(0, 0.5, 0.9), List.of(trace(1, 0.01, 0.02).get(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DetectionScan(1, SCAN).replay(traces, DETECTOR, 62));
        assertTrue(e.getMessage().contains("class 1 has no measurement after epoch 1"), e.getMessage());
    }
}
