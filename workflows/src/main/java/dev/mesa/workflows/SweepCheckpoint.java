package dev.mesa.workflows;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * What a sweep carries into its next run when it continues as new (users leave it out of their inputs).
 *
 * @param cleanModelKey  the clean model all triggers attack
 * @param cleanAccuracy  its accuracy when the sweep trained it, null when it was given
 * @param completed      the triggers finished in earlier runs, never redone
 * @param runs           how many runs came before
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SweepCheckpoint(String cleanModelKey, Double cleanAccuracy, List<TriggerResult> completed, int runs) {}
