package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Remove the backdoor from a copy of {@code modelKey} by fine-tuning with clean labels while stamping triggers
 * drawn from {@code triggers}.
 *
 * @param variant the variant name the result is reported under ({@code beta=0.9}, {@code ensemble},
 *                {@code baseline-k0}, {@code ideal})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetrainRequest(String modelKey, DatasetSpec dataset, TriggerSource triggers, RetrainSettings settings,
                             long seed, String variant) {}
