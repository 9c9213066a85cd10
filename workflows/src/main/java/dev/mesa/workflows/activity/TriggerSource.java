package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * Where retraining draws the triggers it stamps.
 *
 * @param kind            {@link #GENERATORS}, {@link #REVERSED} or {@link #ORIGINAL}
 * @param generatorKeys   {@code generators}: the generators to sample from
 * @param mixing          {@code generators}: {@link #SINGLE} (exactly one key), {@link #UNIFORM} (each sample
 *                        from a uniformly drawn generator) or {@link #CYCLE} (generator changes epoch by epoch)
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
    public static final List<String> MIXINGS = List.of(SINGLE, UNIFORM, CYCLE);

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
