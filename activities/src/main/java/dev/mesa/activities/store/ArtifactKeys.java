package dev.mesa.activities.store;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Artifact keys: relative, '/'-separated paths whose segments are letters, digits, '.', '_', '=' and '-', start with
 * a letter or digit, and are never '.' or '..'. So a key names a place inside the store and nothing else.
 */
public final class ArtifactKeys {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._=-]{0,127}");
    private static final int MAX_SEGMENTS = 12;

    private ArtifactKeys() {}

    /** Returns {@code key} if it is a valid relative key; otherwise throws naming {@code field} and the rule. */
    public static String requireValid(String field, String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException(field + " is missing: give an artifact key such as models/clean/x-1a2b");
        }
        String[] segments = key.split("/", -1);
        boolean valid = segments.length <= MAX_SEGMENTS;
        for (String s : segments) {
            valid &= SEGMENT.matcher(s).matches() && !s.equals("..") && !s.equals(".");
        }
        if (!valid) {
            throw new IllegalArgumentException(field + " '" + key + "' is not a valid artifact key: use a relative path of"
                    + " letters, digits, '.', '_', '=' and '-' separated by '/', without '..', empty segments or a"
                    + " leading '/' (an absolute path is accepted only for an existing model file)");
        }
        return key;
    }

    /** A readable key segment: lower case, characters outside {@code [a-z0-9.-]} replaced by '-'. */
    public static String slug(String label) {
        String s = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-").replaceAll("^[^a-z0-9]+", "");
        return s.isEmpty() ? "run" : s.length() > 64 ? s.substring(0, 64) : s;
    }
}
