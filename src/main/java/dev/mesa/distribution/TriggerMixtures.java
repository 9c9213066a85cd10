package dev.mesa.distribution;

import dev.mesa.trigger.TriggerSource;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place where trained sub-models become the trigger distribution a retraining stamps. Samples come from
 * G(z) without the search noise (as the reference code retrains). Which sub-models enter is the caller's choice:
 * the defence leaves skipped levels out of every mixing but the reference code's cycle, which always takes every
 * level.
 */
public final class TriggerMixtures {
    /** How the sub-models are mixed. */
    public enum Mixing {
        /** Exactly one sub-model. */
        SINGLE,
        /** Each sample from a sub-model drawn uniformly, γ_i = 1/N (the paper's practical choice). */
        UNIFORM,
        /**
         * Each sample from a sub-model drawn with Algorithm 1's γ_i ∝ e^{h(G_i)} / g'(g⁻¹(β_i)), h estimated by MINE and
         * g taken as linear, so γ_i ∝ e^{Î_i} ({@link EnsembleWeights#entropyWeighted}), over the sub-models given.
         */
        ENTROPY_WEIGHTED,
        /** One sub-model per epoch, in the order given: epoch e uses sub-model e mod N. */
        CYCLE,
        /** The reference code's ensemble: one sub-model per epoch from the highest β down (0.9, 0.8, 0.5, 0.9, ...). */
        REFERENCE_CYCLE
    }

    /** A trained sub-model, what it achieved (its β, Î and skip flag), and its name in descriptions. */
    public record Member(TriggerGeneratorModel model, SubModelReport report, String name) {
        TriggerSource source() {
            return new GeneratorTriggerSource(model, name, 0);
        }
    }

    private TriggerMixtures() {}

    /**
     * The distribution {@code mixing} makes of {@code members}. The descriptions name the mixing and the member count
     * (they enter the retraining's checkpoint fingerprint, so they stay as they are).
     */
    public static TriggerSource of(Mixing mixing, List<Member> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a trigger mixture needs at least one sub-model");
        }
        int n = members.size();
        List<TriggerSource> sources = members.stream().map(Member::source).toList();
        return switch (mixing) {
            case SINGLE -> {
                if (n != 1) {
                    throw new IllegalArgumentException("a single sub-model, not " + n);
                }
                yield sources.get(0);
            }
            case UNIFORM -> MixtureTriggerSource.uniform(sources, "uniform mixture of " + n + " generators");
            case ENTROPY_WEIGHTED -> {
                double[] weights = EnsembleWeights.entropyWeighted(members.stream()
                        .mapToDouble(m -> m.report().mutualInformation()).toArray());
                yield new MixtureTriggerSource(sources, weights, "entropy-weighted mixture of " + n + " generators "
                        + Arrays.toString(weights));
            }
            case CYCLE -> new CyclingTriggerSource(sources, "cycle of " + n + " generators");
            case REFERENCE_CYCLE -> {
                List<Member> ordered = members.stream()
                        .sorted(Comparator.comparingDouble((Member m) -> m.report().beta()).reversed()).toList();
                yield new CyclingTriggerSource(ordered.stream().map(Member::source).toList(), "reference cycle of " + n
                        + " generators (beta " + ordered.stream().map(m -> String.valueOf(m.report().beta()))
                        .collect(Collectors.joining(", ")) + ")");
            }
        };
    }
}
