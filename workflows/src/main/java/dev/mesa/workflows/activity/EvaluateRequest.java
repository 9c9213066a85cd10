package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * Measure {@code modelKey} on the evaluation split: clean accuracy, and the ASR of {@code trigger} towards
 * {@code targetClass} when both are given (both null: clean accuracy only), and the ASR of each of
 * {@code sampledTriggers}. The seed fixes the stamping locations and samples, so models evaluated with the same
 * seed are compared on identical images.
 *
 * @param variant         the name the model is reported under ({@code before}, {@code beta=0.9}, {@code ensemble},
 *                        {@code baseline-k0}, {@code ideal}); it labels the published metrics (phase and β) and is
 *                        not part of the measurement's identity (null: no metric labels)
 * @param run             the top-level workflow id of the run the evaluation belongs to ({@code sweep/<sweepId>} or
 *                        {@code defense/<defenseId>}); it labels the published metrics, so two sweeps at once do not
 *                        overwrite each other's gauges, and is not part of the measurement's identity (null:
 *                        {@code none})
 * @param sampledTriggers triggers sampled from generators, one entry per target class (null or empty: none)
 * @param referenceModelKey the model before the defence (null: none): the outcome then also carries the defence
 *                          effectiveness rate against that model measured the same way; it is not part of the
 *                          measurement's identity
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluateRequest(String modelKey, DatasetSpec dataset, TriggerSpec trigger, Integer targetClass,
                              long seed, String variant, String run,
                              @AddedField List<SampledTriggers> sampledTriggers,
                              @AddedField String referenceModelKey) {
    public EvaluateRequest {
        sampledTriggers = sampledTriggers != null && !sampledTriggers.isEmpty() ? List.copyOf(sampledTriggers) : null;
    }

    /** Without a reference model. */
    public EvaluateRequest(String modelKey, DatasetSpec dataset, TriggerSpec trigger, Integer targetClass, long seed,
                           String variant, String run, List<SampledTriggers> sampledTriggers) {
        this(modelKey, dataset, trigger, targetClass, seed, variant, run, sampledTriggers, null);
    }

    /** Without sampled triggers or a reference model. */
    public EvaluateRequest(String modelKey, DatasetSpec dataset, TriggerSpec trigger, Integer targetClass, long seed,
                           String variant, String run) {
        this(modelKey, dataset, trigger, targetClass, seed, variant, run, null, null);
    }

    /** Without a run label, sampled triggers or a reference model (tests, direct calls). */
    public EvaluateRequest(String modelKey, DatasetSpec dataset, TriggerSpec trigger, Integer targetClass, long seed,
                           String variant) {
        this(modelKey, dataset, trigger, targetClass, seed, variant, null, null, null);
    }

    /** The same measurement of {@code otherModelKey}, with no reference and no metric labels (variant null). */
    public EvaluateRequest sameMeasurementOf(String otherModelKey) {
        return new EvaluateRequest(otherModelKey, dataset, trigger, targetClass, seed, null, run, sampledTriggers, null);
    }
}
