package dev.mesa.defense;

import dev.mesa.distribution.SubModelReport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetDetectorTest {
    static final TargetDetector DETECTOR = new TargetDetector(DetectionRule.defaults());

    /** One report per class with the given sample ASRs (other fields are irrelevant to detection). */
    static List<SubModelReport> table(double... asr) {
        List<SubModelReport> reports = new ArrayList<>();
        for (int c = 0; c < asr.length; c++) {
            reports.add(new SubModelReport(c, 0.9, asr[c], asr[c], 1.0, 0.5, false, 100));
        }
        return reports;
    }

    @Test
    void anomalyIndicesMatchAHandComputation() {
        DetectionResult r = DETECTOR.decide(table(0.02, 0.04, 0.03, 0.05, 0.01, 0.90, 0.02, 0.06, 0.03, 0.04));
        // sorted: .01 .02 .02 .03 .03 | .04 .04 .05 .06 .90 -> median (.03 + .04) / 2 = .035
        // |deviations| sorted: .005 x4, .015 x3, .025 x2, .865 -> MAD (.015 + .015) / 2 = .015
        assertEquals(0.035, r.medianAsr(), 1e-12);
        assertEquals(0.015, r.mad(), 1e-12);
        double scale = 1.4826 * 0.015;
        assertEquals(0.865 / scale, r.perClass().get(5).anomalyIndex(), 1e-9); // 38.90
        assertEquals(-0.015 / scale, r.perClass().get(0).anomalyIndex(), 1e-9);
        assertEquals(0.025 / scale, r.perClass().get(7).anomalyIndex(), 1e-9); // 1.12: below 2
        assertEquals(List.of(5), r.attackedClasses());
        for (DetectionResult.ClassDecision row : r.perClass()) {
            assertEquals(row.targetClass() == 5, row.flagged(), "row " + row);
        }
        assertEquals(10, r.perClass().size(), "the full table is reported");
    }

    @Test
    void twoAttackedClassesAreBothFlagged() {
        DetectionResult r = DETECTOR.decide(table(0.95, 0.02, 0.03, 0.92, 0.01, 0.04, 0.02, 0.03, 0.05, 0.02));
        assertEquals(List.of(0, 3), r.attackedClasses());
    }

    @Test
    void uniformlyHighTableFlagsNothing() {
        double[] asr = new double[10];
        java.util.Arrays.fill(asr, 0.9);
        DetectionResult r = DETECTOR.decide(table(asr));
        assertEquals(List.of(), r.attackedClasses());
        assertEquals(0.0, r.mad());
        r.perClass().forEach(row -> assertEquals(0.0, row.anomalyIndex(), 1e-12));
    }

    @Test
    void outlierBelowTheAsrThresholdIsNotFlagged() {
        DetectionResult r = DETECTOR.decide(table(0.01, 0.02, 0.01, 0.40, 0.02, 0.01, 0.03, 0.02, 0.01, 0.02));
        assertTrue(r.perClass().get(3).anomalyIndex() > 20, "a clear outlier: " + r.perClass().get(3));
        assertEquals(List.of(), r.attackedClasses(), "but its ASR 0.40 is below the 0.5 threshold");
    }

    @Test
    void highAsrThatIsNoOutlierIsNotFlagged() {
        // the MAD rule: 0.6 sits within 2 scaled MADs of the median 0.5
        DetectionResult r = DETECTOR.decide(table(0.3, 0.6, 0.4, 0.5, 0.7, 0.5, 0.6, 0.4, 0.5, 0.5));
        assertEquals(List.of(), r.attackedClasses(), r.toString());
    }

    @Test
    void zeroMadIsReplacedByTheFloor() {
        DetectionResult r = DETECTOR.decide(table(0.02, 0.02, 0.02, 0.02, 0.95, 0.02, 0.02, 0.02, 0.02, 0.02));
        assertEquals(0.0, r.mad());
        double anomaly = r.perClass().get(4).anomalyIndex();
        assertTrue(Double.isFinite(anomaly));
        assertEquals(0.93 / (1.4826 * 0.01), anomaly, 1e-9);
        assertEquals(List.of(4), r.attackedClasses());
        // a larger floor shrinks the index proportionally and can hide the class
        DetectionResult coarse = new TargetDetector(new DetectionRule(0.5, 2.0, 0.5)).decide(
                table(0.02, 0.02, 0.02, 0.02, 0.95, 0.02, 0.02, 0.02, 0.02, 0.02));
        assertEquals(0.93 / (1.4826 * 0.5), coarse.perClass().get(4).anomalyIndex(), 1e-9);
        assertEquals(List.of(), coarse.attackedClasses());
    }

    @Test
    void twoClassesAreEnoughAndFewerAreRejected() {
        DetectionResult r = DETECTOR.decide(table(0.05, 0.97));
        // median 0.51, MAD 0.46: index (0.97 - 0.51) / (1.4826 * 0.46) = 0.67, no class can stand out of two
        assertEquals(0.51, r.medianAsr(), 1e-12);
        assertEquals(1 / 1.4826, r.perClass().get(1).anomalyIndex(), 1e-9);
        assertEquals(List.of(), r.attackedClasses());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DETECTOR.decide(table(0.99)));
        assertTrue(e.getMessage().contains("two"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DETECTOR.decide(List.of()));
    }

    @Test
    void decisionRuleValidatesItsThresholds() {
        DetectionRule d = DetectionRule.defaults();
        assertEquals(0.5, d.asrThreshold());
        assertEquals(2.0, d.anomalyThreshold());
        assertEquals(0.01, d.madFloor());
        for (double asr : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DetectionRule(asr, 2, 0.01));
            assertTrue(e.getMessage().contains("ASR threshold"), e.getMessage());
        }
        for (double bad : new double[] {0, -1, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> new DetectionRule(0.5, bad, 0.01));
            assertThrows(IllegalArgumentException.class, () -> new DetectionRule(0.5, 2, bad));
        }
    }
}
