package dev.mesa.workflows.activity;

/** The range checks shared by the settings records; each message names the field, the value and the rule. */
final class SettingChecks {
    private SettingChecks() {}

    static <T> T present(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing (call withDefaults() before validate())");
        }
        return value;
    }

    static void atLeast(String field, Integer value, int min) {
        if (present(field, value) < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ", got " + value);
        }
    }

    static void positive(String field, Double value) {
        double v = present(field, value);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + " must be a finite number > 0, got " + value);
        }
    }

    static void nonNegative(String field, Double value) {
        double v = present(field, value);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + " must be a finite number >= 0, got " + value);
        }
    }

    /** {@code 0 < value < 1}: staircase levels. */
    static void openUnit(String field, Double value) {
        double v = present(field, value);
        if (!(v > 0 && v < 1)) {
            throw new IllegalArgumentException(field + " must lie strictly between 0 and 1, got " + value);
        }
    }

    /** {@code 0 < value <= 1}: ratios and rates. */
    static void halfOpenUnit(String field, Double value) {
        double v = present(field, value);
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(field + " must lie in (0, 1], got " + value);
        }
    }

    /** {@code 0 <= value < 1}: momentum. */
    static void unitFromZero(String field, Double value) {
        double v = present(field, value);
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(field + " must lie in [0, 1), got " + value);
        }
    }

    static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
