package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * A trained MESA generator for one (class, β).
 *
 * @param key                 artifact key of the generator
 * @param targetClass         the class the generated triggers aim at
 * @param beta                the staircase level it was trained for
 * @param meanTestingFunction E_z[F(G(z))] over fresh samples
 * @param sampleAsr           ASR of sampled triggers on the defence split, in [0, 1]
 * @param mutualInformation   the final MINE estimate Î (entropy of the trigger distribution, nats)
 * @param diversity           mean pairwise distance of sampled triggers
 * @param skipped             E_z[F(G(z))] &lt; β: the sub-model is empty and must not be used
 * @param reused              true when the artifact was already stored
 * @param resumedFromStep     the training step this attempt continued from (its checkpoint), 0 for a fresh start
 * @param epochs              epochs trained (fewer than the budget for a stopped detection scan); null in results
 *                            recorded before this field existed
 * @param trace               the generator measured after each traced epoch, in epoch order, the figures above last;
 *                            empty when not recorded
 * @param heldOutTestingFunction E_z[F(G(z))] on the evaluation split (images the search never saw): the figure to
 *                            report; null when measured as first released
 * @param heldOutSampleAsr    ASR of sampled triggers on the evaluation split, likewise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GeneratorArtifact(String key, int targetClass, double beta, double meanTestingFunction,
                                double sampleAsr, double mutualInformation, double diversity, boolean skipped,
                                boolean reused, long resumedFromStep, Integer epochs, List<GeneratorTracePoint> trace,
                                Double heldOutTestingFunction, Double heldOutSampleAsr) {
    public GeneratorArtifact {
        trace = trace != null ? List.copyOf(trace) : List.of();
    }

    /** An artifact without held-out figures. */
    public GeneratorArtifact(String key, int targetClass, double beta, double meanTestingFunction, double sampleAsr,
                             double mutualInformation, double diversity, boolean skipped, boolean reused,
                             long resumedFromStep, Integer epochs, List<GeneratorTracePoint> trace) {
        this(key, targetClass, beta, meanTestingFunction, sampleAsr, mutualInformation, diversity, skipped, reused,
                resumedFromStep, epochs, trace, null, null);
    }

    /** An artifact without epoch count or trace. */
    public GeneratorArtifact(String key, int targetClass, double beta, double meanTestingFunction, double sampleAsr,
                             double mutualInformation, double diversity, boolean skipped, boolean reused,
                             long resumedFromStep) {
        this(key, targetClass, beta, meanTestingFunction, sampleAsr, mutualInformation, diversity, skipped, reused,
                resumedFromStep, null, null);
    }

    /** The same artifact marked as taken from the store (nothing trained, nothing resumed). */
    public GeneratorArtifact asReused() {
        return new GeneratorArtifact(key, targetClass, beta, meanTestingFunction, sampleAsr, mutualInformation, diversity,
                skipped, true, 0, epochs, trace, heldOutTestingFunction, heldOutSampleAsr);
    }
}
