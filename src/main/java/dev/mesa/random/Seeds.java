package dev.mesa.random;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Counter-based random streams: every random choice in mesa is drawn from a stream identified by the
 * run's seed, a purpose name and integer coordinates (epoch, step, ...). Nothing random carries hidden
 * state from one step to the next, so resuming at step {@code s} reproduces exactly the draws an
 * uninterrupted run would have made: the "position" of every stream is just the step counter.
 */
public final class Seeds {
    private Seeds() {}

    /** A fresh generator for {@code (seed, purpose, coordinates...)}. */
    public static SplittableRandom stream(long seed, String purpose, long... coordinates) {
        return new SplittableRandom(derive(seed, purpose, coordinates));
    }

    /** Mixes the seed, a stable hash of the purpose and the coordinates into one 64-bit seed. */
    public static long derive(long seed, String purpose, long... coordinates) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xFFL));
        }
        for (long c : coordinates) {
            h = mix(h + 0x632BE59BD9B4E019L ^ c);
        }
        return h;
    }

    /** SplitMix64 finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A seeded Fisher-Yates permutation of {@code 0..n-1}. */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** A standard normal draw (Box-Muller; one value per call keeps streams position-free). */
    public static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
