package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * Baseline: reverse one trigger for {@code targetClass} (round {@code round} of the independent restarts; the seed
 * makes each round different and each reproducible).
 *
 * @param protocol {@link #MESA} (or null, as every request before this field: raw pixels clipped after every step,
 *                 3 epochs over the defence split) or {@link #REFERENCE} (the authors' notebook: steps in the
 *                 classifier's normalised space, clipped once per epoch, 7 epochs of a seeded 10% of the defence
 *                 split at batch 100)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReverseTriggerRequest(String modelKey, DatasetSpec dataset, int targetClass, int triggerSize,
                                    int round, long seed, @AddedField(unchangedWhen = "\"mesa\"") String protocol) {
    /** mesa's reversal protocol. */
    public static final String MESA = "mesa";
    /** The authors' reversal protocol. */
    public static final String REFERENCE = "reference";
    public static final List<String> PROTOCOLS = List.of(MESA, REFERENCE);

    /** A round of mesa's protocol. */
    public ReverseTriggerRequest(String modelKey, DatasetSpec dataset, int targetClass, int triggerSize, int round,
                                 long seed) {
        this(modelKey, dataset, targetClass, triggerSize, round, seed, null);
    }

    /** The protocol this request asks for (null: mesa's). */
    public String protocolOrDefault() {
        return protocol != null ? protocol : MESA;
    }
}
