package dev.mesa.workflows.input;

import java.util.List;
import java.util.Locale;

/** Levenshtein distance (insertions, deletions, substitutions of one character each cost 1), for suggestions. */
public final class EditDistance {
    private EditDistance() {}

    public static int between(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * The candidate nearest to {@code name}, ignoring case (the first on a tie), or null when even that one is too
     * far to be a typo: more than a third of {@code name}'s length away, and more than 2.
     */
    public static String closest(String name, List<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = between(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }
}
