package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Poison fine-tuning of a copy of {@code cleanModelKey} (never in place) so that {@code trigger} sends images to
 * {@code settings.targetClass()}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InjectBackdoorRequest(String cleanModelKey, DatasetSpec dataset, TriggerSpec trigger,
                                    AttackSettings settings, long seed) {}
