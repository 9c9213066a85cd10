package dev.mesa.defense;

import dev.mesa.distribution.SubModelReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Detection that stops a class's search once its outcome is decided. Every class is searched for {@code epochs}
 * epochs (the scan) and measured as the full search would be at its end; a class continues to the full budget only
 * if its outcome is still open ({@link ContinuationRule}); the other classes keep their scan figures in the detection
 * rule. With a continuation ASR no higher than the rule's ASR threshold, a stopped class can never be flagged: every
 * flagged class has had its full budget.
 *
 * <p>The verdict equals the full-budget verdict when (a) no class that the full budget would flag stays below both
 * continuation bounds after the scan, and (b) replacing the stopped classes' final ASR by their scan ASR moves the
 * median and MAD too little to change a flag. Both are measured claims (per-epoch traces of real defences), not
 * guarantees; {@link #replay} checks them on recorded traces.
 */
public record DetectionScan(int epochs, ContinuationRule continuation) {
    public DetectionScan {
        if (epochs < 1) {
            throw new IllegalArgumentException("a detection scan lasts at least one epoch, got " + epochs);
        }
        if (continuation == null) {
            throw new IllegalArgumentException("a detection scan needs its continuation rule");
        }
    }

    /**
     * Provisional defaults, to be settled on measured CIFAR-10 traces: a 2-epoch scan (the plain-PyTorch reference
     * separated the classes with 2 epochs of search) and {@link ContinuationRule#provisional()}.
     */
    public static DetectionScan provisional() {
        return new DetectionScan(2, ContinuationRule.provisional());
    }

    /**
     * The reports the final rule sees: for each scanned class (in scan order), its full-budget report if it
     * continued, else its scan report.
     */
    public static List<SubModelReport> finalReports(List<SubModelReport> scanned, Map<Integer, SubModelReport> continued) {
        List<SubModelReport> out = new ArrayList<>(scanned.size());
        for (SubModelReport s : scanned) {
            out.add(continued.getOrDefault(s.targetClass(), s));
        }
        return out;
    }
    /** What {@link #replay} found: the scan's table, the classes continued, and both verdicts. */
    public record Replay(DetectionResult scan, List<Integer> continued, DetectionResult verdict,
                         DetectionResult fullBudgetVerdict) {
        /** Same classes flagged by the scan protocol and by the full budget. */
        public boolean sameVerdict() {
            return Set.copyOf(verdict.attackedClasses()).equals(Set.copyOf(fullBudgetVerdict.attackedClasses()));
        }
    }

    /**
     * Replays this scan on full-budget traces (one per class, each with a point at the scan's epoch and its last
     * point at the end of the budget), as the scan protocol would have run it.
     */
    public Replay replay(List<List<SubModelReport>> traces, TargetDetector detector, long stepsPerEpoch) {
        List<SubModelReport> scanned = new ArrayList<>();
        List<SubModelReport> last = new ArrayList<>();
        for (List<SubModelReport> trace : traces) {
            if (trace.isEmpty()) {
                throw new IllegalArgumentException("every class needs a trace to replay a scan");
            }
            SubModelReport end = trace.get(trace.size() - 1);
            long scanSteps = epochs * stepsPerEpoch;
            SubModelReport atScan = scanSteps >= end.steps() ? end : trace.stream().filter(p -> p.steps() == scanSteps)
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("class " + end.targetClass()
                            + " has no measurement after epoch " + epochs + " (step " + scanSteps + ")"));
            scanned.add(atScan);
            last.add(end);
        }
        DetectionResult scan = detector.decide(scanned);
        List<Integer> continued = continuation.continuing(scan);
        Map<Integer, SubModelReport> full = new java.util.HashMap<>();
        last.stream().filter(r -> continued.contains(r.targetClass())).forEach(r -> full.put(r.targetClass(), r));
        return new Replay(scan, continued, detector.decide(finalReports(scanned, full)), detector.decide(last));
    }
}
