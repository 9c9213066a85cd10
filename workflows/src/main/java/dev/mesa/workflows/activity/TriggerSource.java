package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * Where retraining draws the triggers it stamps.
 *
 * @param kind            {@link #GENERATORS}, {@link #REVERSED} or {@link #ORIGINAL}
 * @param generatorKeys   {@code generators}: the generators to sample from
 * @param mixing          {@code generators}: {@link #SINGLE} (exactly one key), {@link #UNIFORM} (each sample
 *                        from a uniformly drawn generator), {@link #ENTROPY} (each sample from a generator drawn with
 *                        weight ∝ e^{Î}, Algorithm 1's γ), {@link #CYCLE} (generator changes epoch by epoch, in the
 *                        order given) or {@link #REFERENCE_CYCLE} (the reference code's: epoch by epoch from the
 *                        highest β down, 0.9, 0.8, 0.5, 0.9, ...)
 * @param triggerKey      {@code reversed}: the stored trigger artifact
 * @param originalTrigger {@code original}: the attack's trigger (the "ideal" defence)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TriggerSource(String kind, List<String> generatorKeys, String mixing, String triggerKey,
                            TriggerSpec originalTrigger) {
    public static final String GENERATORS = "generators";
    public static final String REVERSED = "reversed";
    public static final String ORIGINAL = "original";
    public static final String SINGLE = "single";
    public static final String UNIFORM = "uniform";
    public static final String CYCLE = "cycle";
    public static final String ENTROPY = "entropy";
    public static final String REFERENCE_CYCLE = "reference-cycle";
    public static final List<String> MIXINGS = List.of(SINGLE, UNIFORM, CYCLE, ENTROPY, REFERENCE_CYCLE);
    /** The mixings an ensemble of several generators can use (every mixing but {@link #SINGLE}). */
    public static final List<String> ENSEMBLE_MIXINGS = List.of(UNIFORM, CYCLE, ENTROPY, REFERENCE_CYCLE);

    public static TriggerSource generators(List<String> keys, String mixing) {
        return new TriggerSource(GENERATORS, List.copyOf(keys), keys.size() == 1 ? SINGLE : mixing, null, null);
    }

    public static TriggerSource reversed(String triggerKey) {
        return new TriggerSource(REVERSED, null, null, triggerKey, null);
    }

    public static TriggerSource original(TriggerSpec trigger) {
        return new TriggerSource(ORIGINAL, null, null, null, trigger);
    }
}
