package dev.mesa.workflows;

import dev.mesa.workflows.activity.DatasetSpec;

/**
 * A workflow input whose class count comes from its data ({@link DefenseInput}, {@link SweepInput}): resolved by
 * filling the defaults and validating, then by taking the count from a description of the dataset and model
 * ({@code InputDescription}), then by validating the class indices against it.
 *
 * @param <T> the input record itself
 */
public interface DataDescribedInput<T extends DataDescribedInput<T>> {
    /** Every default except the class count when only the data can tell it. */
    T withDefaults();

    /** This input with the run's class count; a declared {@code numClasses} must equal it. */
    T withClassCount(int classes);

    /** Checks every field; class indices fully once the class count is known. */
    T validate();

    /** The declared or kind-fixed class count, null while only the data can tell it. */
    Integer numClasses();

    DatasetSpec dataset();

    /** The model the run starts from, null when it trains its own. */
    String modelKey();

    String trainingTaskQueue();
}
