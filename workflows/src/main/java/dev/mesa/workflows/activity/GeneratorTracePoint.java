package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A generator measured after {@code epoch} epochs of training, with the figures of its final report (same images,
 * same evaluation streams), so points of one trace differ only by the generator.
 *
 * @param epoch               epochs trained when measured (counted from 1)
 * @param meanTestingFunction E_z[F(G(z))]
 * @param sampleAsr           ASR of sampled triggers, in [0, 1]
 * @param mutualInformation   the MINE estimate Î (nats)
 * @param diversity           mean pairwise distance of sampled triggers
 * @param heldOutTestingFunction E_z[F(G(z))] on the evaluation split; null when not measured there
 * @param heldOutSampleAsr    ASR of sampled triggers on the evaluation split; null when not measured there
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GeneratorTracePoint(int epoch, double meanTestingFunction, double sampleAsr, double mutualInformation,
                                  double diversity, Double heldOutTestingFunction, Double heldOutSampleAsr) {
    /** A point measured on the defence split only. */
    public GeneratorTracePoint(int epoch, double meanTestingFunction, double sampleAsr, double mutualInformation,
                               double diversity) {
        this(epoch, meanTestingFunction, sampleAsr, mutualInformation, diversity, null, null);
    }
}
