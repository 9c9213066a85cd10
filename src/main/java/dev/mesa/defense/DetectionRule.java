package dev.mesa.defense;

/**
 * When a class counts as attacked: its generator's sample ASR reaches {@code asrThreshold} AND its anomaly
 * index across classes reaches {@code anomalyThreshold}. The anomaly index is Neural Cleanse's MAD form,
 * {@code (asr_c − median) / (1.4826 · max(MAD, madFloor))}; the floor keeps it finite when most classes
 * sit at exactly the same ASR. Either test alone misfires (the MAD rule alone flagged an innocent class once in a
 * plain-PyTorch run of the paper's protocol; a threshold alone ignores how the class compares with the others;
 * docs/DECISIONS.md).
 */
public record DetectionRule(double asrThreshold, double anomalyThreshold, double madFloor) {
    public DetectionRule {
        if (!(asrThreshold > 0 && asrThreshold < 1)) {
            throw new IllegalArgumentException("ASR threshold must be in (0, 1), got " + asrThreshold);
        }
        if (!(anomalyThreshold > 0) || !(madFloor > 0)) {
            throw new IllegalArgumentException("anomaly threshold and MAD floor must be positive");
        }
    }

    /** ASR ≥ 0.5 and anomaly index ≥ 2 (Neural Cleanse's cut-off); MAD floor one percentage point. */
    public static DetectionRule defaults() {
        return new DetectionRule(0.5, 2.0, 0.01);
    }
}
