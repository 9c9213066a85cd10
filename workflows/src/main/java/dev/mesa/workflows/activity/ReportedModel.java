package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One model a defence evaluated, as its report records it for {@code mesa export}: which stored model a variant is,
 * what was measured on it, and whether the defence recommends it.
 *
 * @param variant           {@code before}, {@code beta=0.9}, {@code ensemble}, ...
 * @param modelKey          the stored model's artifact key
 * @param cleanAccuracy     accuracy on the evaluation split
 * @param attackSuccessRate ASR of the original trigger on the evaluation split, null when it is unknown
 * @param chosen            whether this is the variant the defence recommends
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportedModel(String variant, String modelKey, double cleanAccuracy, Double attackSuccessRate,
                            boolean chosen) {}
