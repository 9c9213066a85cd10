package dev.mesa.workflows.activity;

/**
 * Poison fine-tuning of a copy of {@code cleanModelKey} (never in place) so that {@code trigger} sends images to
 * {@code settings.targetClass()}.
 */
public record InjectBackdoorRequest(String cleanModelKey, DatasetSpec dataset, TriggerSpec trigger,
                                    AttackSettings settings, long seed) {}
