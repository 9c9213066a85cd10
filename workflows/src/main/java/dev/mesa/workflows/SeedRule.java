package dev.mesa.workflows;

/**
 * Derives every activity's seed from the workflow input's seed, so a run is reproducible from its input alone:
 * {@code derive(seed, stream, index) = mix(mix(seed + stream.code * 0x9E3779B97F4A7C15) + index)}, where
 * {@code mix} is the SplitMix64 finaliser. Streams separate the purposes (detection, staircase, retraining ...)
 * and the index the unit (class, β position, round ...), so no two units share a seed.
 *
 * <p>The codes are part of the artifact identity: changing one changes the seeds it derives and so defeats the
 * reuse of stored artifacts. Add new streams, never renumber.
 */
public final class SeedRule {
    /** Purposes of derived seeds, with fixed codes. */
    public enum Stream {
        CLASSIFIER(1), ATTACK(2), DETECTION(3), DETECTION_RULE(4), STAIRCASE(5), RETRAIN(6), EVALUATION(7),
        BASELINE_REVERSE(8), BASELINE_RETRAIN(9), IDEAL_RETRAIN(10), TRIGGER(11), REPORT(12);

        private final int code;

        Stream(int code) {
            this.code = code;
        }
    }

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SeedRule() {}

    public static long derive(long seed, Stream stream, long index) {
        return mix(mix(seed + stream.code * GOLDEN_GAMMA) + index);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
