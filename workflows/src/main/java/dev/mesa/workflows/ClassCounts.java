package dev.mesa.workflows;

import dev.mesa.workflows.activity.DatasetSpec;

import java.util.HashSet;
import java.util.List;

/**
 * The class-count rules the workflow inputs share. A run's class count is the data's ({@code InputDescription}
 * reports it from a worker before any training); a declared {@code numClasses} must agree with it, and so must every
 * class index in the input.
 */
final class ClassCounts {
    /**
     * What executions started before the input checks assumed when neither the input nor the dataset kind fixed the
     * count. Kept only so that their histories replay; new executions take the count from the data.
     */
    static final int ASSUMED_BEFORE_INPUT_CHECKS = 10;

    private ClassCounts() {}

    /** {@code numClasses}, when known, is at least 2 and equals the count the dataset kind fixes, if it fixes one. */
    static void check(Integer numClasses, DatasetSpec dataset) {
        if (numClasses == null) {
            return;
        }
        Integer known = dataset.knownClassCount();
        if (numClasses < 2 || (known != null && !known.equals(numClasses))) {
            throw new IllegalArgumentException("numClasses must be >= 2" + (known != null ? " and equal to the "
                    + dataset.kind() + " class count " + known : "") + ", got " + numClasses);
        }
    }

    /** A declared count must be the data's: {@code withClassCount} never overrides what the user wrote. */
    static void requireDeclaredMatches(Integer declared, int classes) {
        if (declared != null && declared != classes) {
            throw new IllegalArgumentException("numClasses is " + declared + " but the data has " + classes
                    + " classes: leave numClasses out or set it to " + classes);
        }
    }

    /** Distinct, non-empty, non-negative, and below {@code numClasses} once that is known. */
    static void checkIndices(String field, List<Integer> classes, Integer numClasses) {
        boolean valid = !classes.isEmpty() && new HashSet<>(classes).size() == classes.size()
                && classes.stream().allMatch(c -> c != null && c >= 0 && (numClasses == null || c < numClasses));
        if (!valid) {
            throw new IllegalArgumentException(field + " must be distinct class indices in [0, "
                    + (numClasses != null ? numClasses : "the class count") + "), got " + classes);
        }
    }
}
