package dev.mesa.trigger;

import java.util.List;
import java.util.TreeSet;

/**
 * The paper's black-white triggers: every binary square pattern up to rotation, flipping and colour
 * inversion, each represented by the smallest id of its class. For 3×3 this gives exactly 51 patterns.
 */
public final class CanonicalTriggers {
    private CanonicalTriggers() {}

    /** Canonical ids of all {@code size × size} black-white patterns, ascending. */
    public static List<Integer> blackWhiteIds(int size) {
        int bits = size * size;
        if (bits > 20) {
            throw new IllegalArgumentException("enumerating " + size + "x" + size + " patterns is too large");
        }
        TreeSet<Integer> canonical = new TreeSet<>();
        for (int id = 0; id < (1 << bits); id++) {
            canonical.add(canonicalId(id, size));
        }
        return List.copyOf(canonical);
    }

    /** The 51 triggers of the paper (3×3, three channels). */
    public static List<TriggerPattern> paperBlackWhite() {
        return blackWhiteIds(3).stream().map(id -> TriggerPattern.blackWhite(id, 3, 3)).toList();
    }

    /** Smallest id among the 16 images of {@code id} under the dihedral group and colour inversion. */
    public static int canonicalId(int id, int size) {
        int bits = size * size;
        int all = (1 << bits) - 1;
        int best = Integer.MAX_VALUE;
        int current = id;
        for (int rotation = 0; rotation < 4; rotation++) {
            for (int candidate : new int[] {current, flip(current, size)}) {
                best = Math.min(best, Math.min(candidate, candidate ^ all));
            }
            current = rotate(current, size);
        }
        return best;
    }

    private static boolean bit(int id, int size, int row, int col) {
        return (id >> (size * size - 1 - (row * size + col)) & 1) == 1;
    }

    private static int set(int id, int size, int row, int col) {
        return id | 1 << (size * size - 1 - (row * size + col));
    }

    /** Rotation by 90° clockwise. */
    static int rotate(int id, int size) {
        int out = 0;
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                if (bit(id, size, r, c)) {
                    out = set(out, size, c, size - 1 - r);
                }
            }
        }
        return out;
    }

    /** Horizontal mirror. */
    static int flip(int id, int size) {
        int out = 0;
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                if (bit(id, size, r, c)) {
                    out = set(out, size, r, size - 1 - c);
                }
            }
        }
        return out;
    }
}
