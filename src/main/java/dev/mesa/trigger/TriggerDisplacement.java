package dev.mesa.trigger;

import dev.mesa.random.Seeds;

import java.util.SplittableRandom;

/**
 * A trigger moved by an exact L2 distance (pixel intensities, all C·h·w values) in a seeded random direction that
 * stays inside [0, 1]: each value moves toward the middle of the range (down from above 0.5, up from below), by a
 * random share of the distance; a direction that would push a value past 0 or 1 is drawn again. For a black-white
 * trigger every value has room 1, so any distance up to √(C·h·w) can be reached. Used to measure how unlearning
 * weakens with the distance between the trigger retrained with and the original one.
 */
public final class TriggerDisplacement {
    private static final int MAX_DRAWS = 10_000;

    private TriggerDisplacement() {}

    /** {@code original} moved by {@code distance}, direction {@code direction} of the stream {@code seed}. */
    public static TriggerPattern moved(TriggerPattern original, double distance, long seed, int direction) {
        float[] x = original.values();
        if (distance == 0) {
            return original;
        }
        SplittableRandom random = Seeds.stream(seed, "trigger-displacement", direction, Math.round(distance * 1000));
        for (int draw = 0; draw < MAX_DRAWS; draw++) {
            double[] g = new double[x.length];
            double norm = 0;
            for (int i = 0; i < g.length; i++) {
                g[i] = Math.abs(Seeds.gaussian(random));
                norm += g[i] * g[i];
            }
            norm = Math.sqrt(norm);
            float[] moved = new float[x.length];
            boolean inside = true;
            for (int i = 0; i < x.length && inside; i++) {
                double step = g[i] / norm * distance;
                double room = x[i] > 0.5f ? x[i] : 1 - x[i];
                inside = step <= room;
                moved[i] = (float) (x[i] > 0.5f ? x[i] - step : x[i] + step);
            }
            if (inside) {
                return new TriggerPattern(original.name() + "-moved-" + distance + "-d" + direction, original.channels(),
                        original.height(), original.width(), moved);
            }
        }
        throw new IllegalArgumentException("no direction keeps " + original.name() + " inside [0, 1] at distance "
                + distance);
    }

    /** The L2 distance between two triggers' values. */
    public static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
