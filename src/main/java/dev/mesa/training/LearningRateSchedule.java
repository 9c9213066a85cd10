package dev.mesa.training;

import java.util.Locale;

/**
 * Learning rate as a function of the global step. {@code constant} (the paper's fine-tuning) or
 * {@code one-cycle}: linear from peak/10 up to the peak over the first {@code warmupFraction} of the steps,
 * then linear down to zero (a short-schedule recipe for clean training from scratch).
 */
public record LearningRateSchedule(String kind, double peak, double warmupFraction) {
    public LearningRateSchedule {
        kind = kind.toLowerCase(Locale.ROOT);
        if (!kind.equals("constant") && !kind.equals("one-cycle")) {
            throw new IllegalArgumentException("unknown learning-rate schedule '" + kind + "': constant or one-cycle");
        }
        if (!(peak > 0) || !Double.isFinite(peak)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + peak);
        }
        if (warmupFraction < 0 || warmupFraction >= 1) {
            throw new IllegalArgumentException("warm-up fraction must be in [0, 1), got " + warmupFraction);
        }
    }

    public static LearningRateSchedule constant(double rate) {
        return new LearningRateSchedule("constant", rate, 0);
    }

    public static LearningRateSchedule oneCycle(double peak, double warmupFraction) {
        return new LearningRateSchedule("one-cycle", peak, warmupFraction);
    }

    public double at(long step, long totalSteps) {
        if (kind.equals("constant")) {
            return peak;
        }
        double t = Math.min(1.0, (double) step / Math.max(1, totalSteps));
        if (t < warmupFraction) {
            return peak * (0.1 + 0.9 * t / warmupFraction);
        }
        return peak * (1 - t) / (1 - warmupFraction);
    }
}
