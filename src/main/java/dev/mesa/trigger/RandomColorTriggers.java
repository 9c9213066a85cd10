package dev.mesa.trigger;

import dev.mesa.random.Seeds;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The paper's random colour triggers: seeded uniform {@code C × h × w} patterns. */
public final class RandomColorTriggers {
    private RandomColorTriggers() {}

    /** Colour trigger number {@code index} of the set drawn with {@code seed}. */
    public static TriggerPattern generate(int index, long seed, int size, int channels) {
        SplittableRandom r = Seeds.stream(seed, "color-trigger", index);
        float[] v = new float[channels * size * size];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble();
        }
        return new TriggerPattern("color-" + index, channels, size, size, v);
    }

    /** The first {@code count} colour triggers of the set drawn with {@code seed}. */
    public static List<TriggerPattern> generate(int count, long seed, int size) {
        List<TriggerPattern> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(generate(i, seed, size, 3));
        }
        return out;
    }
}
