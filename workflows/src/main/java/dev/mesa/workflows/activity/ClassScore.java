package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One row of the detection table.
 *
 * @param classIndex   the candidate class
 * @param sampleAsr    ASR of its detection generator's samples
 * @param anomalyIndex robust z-score of {@code sampleAsr} across the candidates (median absolute deviation)
 * @param flagged      the decision rule calls this class attacked
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClassScore(int classIndex, double sampleAsr, double anomalyIndex, boolean flagged) {}
