package dev.mesa.workflows;

import dev.mesa.workflows.activity.TriggerSpec;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The paper's named trigger sets (docs/ALGORITHM.md, "Experiment protocol").
 * <ul>
 *   <li>{@code bw51}: the 51 black-white 3×3 patterns, one per class of the 512 binary patterns under rotation,
 *       flipping and colour inversion, each named by the smallest id of its class (170 is the checkerboard);</li>
 *   <li>{@code color10}: ten random colour 3×3 patterns drawn with {@link TriggerSpec#COLOR_SET_SEED}.</li>
 * </ul>
 */
public final class TriggerSets {
    public static final String BW51 = "bw51";
    public static final String COLOR10 = "color10";
    public static final List<String> NAMES = List.of(BW51, COLOR10);

    /** The 51 black-white pattern ids, ascending. */
    public static final List<Integer> BW51_IDS = List.of(
            0, 1, 2, 3, 5, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 23, 26, 27, 28, 29, 30, 40, 41, 42, 43, 45,
            56, 57, 58, 59, 61, 68, 69, 70, 78, 84, 85, 86, 94, 97, 98, 99, 101, 106, 108, 113, 114, 170, 186);

    private TriggerSets() {}

    /** The triggers of the named set. */
    public static List<TriggerSpec> named(String name) {
        return switch (name) {
            case BW51 -> BW51_IDS.stream().map(TriggerSpec::blackWhite).toList();
            case COLOR10 -> IntStream.range(0, 10).mapToObj(TriggerSpec::color).toList();
            default -> throw new IllegalArgumentException("triggerSet must be one of " + NAMES + ", got " + name);
        };
    }
}
