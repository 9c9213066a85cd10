package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Remove the backdoor from a copy of {@code modelKey} by fine-tuning with clean labels while stamping triggers
 * drawn from {@code triggers}.
 *
 * @param variant the variant name the result is reported under ({@code beta=0.9}, {@code ensemble},
 *                {@code baseline-k0}, {@code ideal})
 * @param wide    the workflow's mark for the only retraining of its stage ({@link UnitWidth}); null: not marked. Not
 *                part of the run's identity, and left out of the JSON when null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetrainRequest(String modelKey, DatasetSpec dataset, TriggerSource triggers, RetrainSettings settings,
                             long seed, String variant,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Boolean wide) implements UnitWidth {
    /** A request not marked wide. */
    public RetrainRequest(String modelKey, DatasetSpec dataset, TriggerSource triggers, RetrainSettings settings,
                          long seed, String variant) {
        this(modelKey, dataset, triggers, settings, seed, variant, null);
    }

    /** This request marked wide when {@code alone} (the only retraining of its stage), unmarked otherwise. */
    public RetrainRequest widenedWhen(boolean alone) {
        return new RetrainRequest(modelKey, dataset, triggers, settings, seed, variant, alone ? Boolean.TRUE : null);
    }
}
