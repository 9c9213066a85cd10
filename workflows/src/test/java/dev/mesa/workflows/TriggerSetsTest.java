package dev.mesa.workflows;

import dev.mesa.workflows.activity.TriggerSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TriggerSetsTest {
    @Test
    void bw51HasFiftyOneDistinctIdsIncludingTheCheckerboard() {
        assertEquals(51, TriggerSets.BW51_IDS.size());
        assertEquals(51, Set.copyOf(TriggerSets.BW51_IDS).size());
        assertTrue(TriggerSets.BW51_IDS.contains(170));
        assertEquals(TriggerSets.BW51_IDS, TriggerSets.BW51_IDS.stream().sorted().toList());
    }

    /** The rule of docs/ALGORITHM.md: the smallest id of each class of 3×3 binary patterns under rotation, flipping, inversion. */
    @Test
    void bw51IsExactlyTheSmallestIdOfEachSymmetryClass() {
        Set<Integer> representatives = new TreeSet<>();
        for (int id = 0; id < 512; id++) {
            representatives.add(smallestEquivalent(id));
        }
        assertEquals(List.copyOf(representatives), TriggerSets.BW51_IDS);
    }

    @Test
    void namedSetsResolveToValidTriggers() {
        List<TriggerSpec> bw = TriggerSets.named("bw51");
        assertEquals(51, bw.size());
        bw.forEach(TriggerSpec::validate);
        List<TriggerSpec> color = TriggerSets.named("color10");
        assertEquals(10, color.size());
        assertEquals(TriggerSpec.COLOR_SET_SEED, color.get(3).seed());
        assertEquals("color-3", color.get(3).label());
        assertThrows(IllegalArgumentException.class, () -> TriggerSets.named("bw52"));
    }

    private static int smallestEquivalent(int id) {
        int best = Integer.MAX_VALUE;
        int[][] grid = grid(id);
        for (int flip = 0; flip < 2; flip++) {
            for (int turn = 0; turn < 4; turn++) {
                int value = id(grid);
                best = Math.min(best, Math.min(value, 511 - value));
                grid = rotate(grid);
            }
            grid = mirror(grid);
        }
        return best;
    }

    private static int[][] grid(int id) {
        int[][] g = new int[3][3];
        for (int i = 0; i < 9; i++) {
            g[i / 3][i % 3] = (id >> (8 - i)) & 1;
        }
        return g;
    }

    private static int id(int[][] g) {
        int id = 0;
        for (int i = 0; i < 9; i++) {
            id = (id << 1) | g[i / 3][i % 3];
        }
        return id;
    }

    private static int[][] rotate(int[][] g) {
        int[][] r = new int[3][3];
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                r[x][2 - y] = g[y][x];
            }
        }
        return r;
    }

    private static int[][] mirror(int[][] g) {
        int[][] m = new int[3][3];
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                m[y][2 - x] = g[y][x];
            }
        }
        return m;
    }
}
