package dev.mesa.trigger;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanonicalTriggersTest {
    /** The 51 ids of the paper's experiments (docs/ALGORITHM.md, "Experiment protocol"). */
    static final List<Integer> PAPER_IDS = List.of(0, 1, 2, 3, 5, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 23, 26,
            27, 28, 29, 30, 40, 41, 42, 43, 45, 56, 57, 58, 59, 61, 68, 69, 70, 78, 84, 85, 86, 94, 97, 98, 99, 101, 106,
            108, 113, 114, 170, 186);

    @Test
    void theFiftyOneIdsOfThePaper() {
        List<Integer> ids = CanonicalTriggers.blackWhiteIds(3);
        assertEquals(51, PAPER_IDS.size());
        assertEquals(PAPER_IDS, ids);
        assertTrue(ids.contains(170), "the checkerboard of Figure 1");
        List<TriggerPattern> patterns = CanonicalTriggers.paperBlackWhite();
        assertEquals(51, patterns.size());
        assertEquals(TriggerPattern.blackWhite(170, 3, 3), patterns.get(PAPER_IDS.indexOf(170)));
    }

    /**
     * The symmetry rule of docs/ALGORITHM.md, derived independently on 3×3 grids: the orbit of a pattern under the
     * 8 rotations/reflections of the square and colour inversion; the smallest id (MSB = top-left,
     * row-major, 1 = white) represents it.
     */
    @Test
    void derivedFromTheSymmetryRule() {
        TreeSet<Integer> representatives = new TreeSet<>();
        for (int id = 0; id < 512; id++) {
            boolean[][] grid = grid(id);
            int best = Integer.MAX_VALUE;
            for (boolean[][] image : orbit(grid)) {
                best = Math.min(best, id(image));
            }
            representatives.add(best);
            assertEquals(best, CanonicalTriggers.canonicalId(id, 3), "canonical id of " + id);
        }
        assertEquals(PAPER_IDS, new ArrayList<>(representatives));
    }

    @Test
    void twoByTwoPatterns() {
        // 16 patterns of 2x2 fall into 4 classes: all black, one white, two adjacent, two diagonal
        assertEquals(List.of(0, 1, 3, 6), CanonicalTriggers.blackWhiteIds(2));
    }

    static boolean[][] grid(int id) {
        boolean[][] g = new boolean[3][3];
        for (int k = 0; k < 9; k++) {
            g[k / 3][k % 3] = (id >> (8 - k) & 1) == 1;
        }
        return g;
    }

    static int id(boolean[][] g) {
        int id = 0;
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                id = id << 1 | (g[r][c] ? 1 : 0);
            }
        }
        return id;
    }

    static List<boolean[][]> orbit(boolean[][] g) {
        List<boolean[][]> out = new ArrayList<>();
        for (boolean invert : new boolean[] {false, true}) {
            for (boolean transpose : new boolean[] {false, true}) {
                for (boolean flipRows : new boolean[] {false, true}) {
                    for (boolean flipCols : new boolean[] {false, true}) {
                        boolean[][] t = new boolean[3][3];
                        for (int r = 0; r < 3; r++) {
                            for (int c = 0; c < 3; c++) {
                                int sr = transpose ? c : r;
                                int sc = transpose ? r : c;
                                sr = flipRows ? 2 - sr : sr;
                                sc = flipCols ? 2 - sc : sc;
                                t[r][c] = g[sr][sc] ^ invert;
                            }
                        }
                        out.add(t);
                    }
                }
            }
        }
        return out;
    }
}
