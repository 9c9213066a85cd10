package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Measure {@code modelKey} on the evaluation split: clean accuracy, and the ASR of {@code trigger} towards
 * {@code targetClass} when both are given (both null: clean accuracy only). The seed fixes the stamping
 * locations, so models evaluated with the same seed are compared on identical images.
 *
 * @param variant the name the model is reported under ({@code before}, {@code beta=0.9}, {@code ensemble},
 *                {@code baseline-k0}, {@code ideal}); it labels the published metrics (phase and β) and is not part
 *                of the measurement's identity (null: no metric labels)
 * @param run     the top-level workflow id of the run the evaluation belongs to ({@code sweep/<sweepId>} or
 *                {@code defense/<defenseId>}); it labels the published metrics, so two sweeps at once do not
 *                overwrite each other's gauges, and is not part of the measurement's identity (null: {@code none})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluateRequest(String modelKey, DatasetSpec dataset, TriggerSpec trigger, Integer targetClass,
                              long seed, String variant, String run) {
    /** Without a run label (tests, direct calls). */
    public EvaluateRequest(String modelKey, DatasetSpec dataset, TriggerSpec trigger, Integer targetClass, long seed,
                           String variant) {
        this(modelKey, dataset, trigger, targetClass, seed, variant, null);
    }
}
