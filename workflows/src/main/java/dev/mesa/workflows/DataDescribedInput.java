package dev.mesa.workflows;

import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.ModelSpec;

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

    /** The model the run starts from, null when it trains its own or names a model file ({@link #model}). */
    String modelKey();

    /** The user's own model file the run starts from, null when it names none. */
    ModelSpec model();

    /**
     * This validated input naming the stored copy of its {@link #model} file ({@code storedKey}, from the run's
     * description of its inputs) as its model key; unchanged when it names no model file.
     */
    T withImportedModel(String storedKey);

    String trainingTaskQueue();
}
