package dev.mesa.distribution;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.mesa.random.Seeds;
import dev.mesa.trigger.TriggerPattern;
import dev.mesa.trigger.TriggerSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The trained sub-models of one target class (one per β), loaded from their files, and the trigger distributions
 * {@link TriggerMixtures} builds from them: a single level, the uniform mixture (γ = 1/N, the paper's practical
 * choice), Algorithm 1's entropy-weighted mixture, the usable levels cycled epoch by epoch, and the reference
 * code's cycle. Skipped levels (E[F] &lt; β) enter only the reference cycle. Closing the staircase closes the
 * sub-models.
 */
public final class Staircase implements AutoCloseable {
    private final List<TriggerGeneratorModel> models;
    private final List<SubModelReport> reports;

    private Staircase(List<TriggerGeneratorModel> models, List<SubModelReport> reports) {
        this.models = models;
        this.reports = reports;
    }

    /** Loads generator files (one per β) written by {@link SubModelTrainer}. */
    public static Staircase load(List<Path> generatorFiles, Device device) {
        List<TriggerGeneratorModel> models = new ArrayList<>();
        List<SubModelReport> reports = new ArrayList<>();
        try {
            for (Path file : generatorFiles) {
                reports.add(GeneratorFile.metadata(file).report());
                models.add(GeneratorFile.load(file, device));
            }
        } catch (RuntimeException e) {
            models.forEach(TriggerGeneratorModel::close);
            throw e;
        }
        return new Staircase(models, reports);
    }

    public List<SubModelReport> reports() {
        return reports;
    }

    /** The level with this β (skipped or not). */
    public TriggerSource single(double beta) {
        for (int i = 0; i < reports.size(); i++) {
            if (reports.get(i).beta() == beta) {
                return TriggerMixtures.of(TriggerMixtures.Mixing.SINGLE, List.of(member(i)));
            }
        }
        throw new IllegalArgumentException("no sub-model with beta " + beta + " (have "
                + reports.stream().map(SubModelReport::beta).toList() + ")");
    }

    public TriggerSource uniformEnsemble() {
        return TriggerMixtures.of(TriggerMixtures.Mixing.UNIFORM, kept());
    }

    public TriggerSource entropyWeightedEnsemble() {
        return TriggerMixtures.of(TriggerMixtures.Mixing.ENTROPY_WEIGHTED, kept());
    }

    /** The usable levels, one per epoch in β order. */
    public TriggerSource cyclingEnsemble() {
        return TriggerMixtures.of(TriggerMixtures.Mixing.CYCLE, kept());
    }

    /** The reference code's ensemble: every level, skipped or not, one per epoch from the highest β down. */
    public TriggerSource referenceCycle() {
        List<TriggerMixtures.Member> all = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            all.add(member(i));
        }
        return TriggerMixtures.of(TriggerMixtures.Mixing.REFERENCE_CYCLE, all);
    }

    private TriggerMixtures.Member member(int i) {
        return new TriggerMixtures.Member(models.get(i), reports.get(i), "beta=" + reports.get(i).beta());
    }

    private List<TriggerMixtures.Member> kept() {
        List<TriggerMixtures.Member> kept = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            if (!reports.get(i).skipped()) {
                kept.add(member(i));
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalStateException("every level was skipped (E[F] < beta): the trigger set looks empty");
        }
        return kept;
    }

    /** {@code count} triggers from {@code source} as patterns (the sampling API for reports and users). */
    public static List<TriggerPattern> sample(TriggerSource source, int count, long seed) {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] flat = source.sample(manager, count, Seeds.stream(seed, "sample-api"), 0)
                    .broadcast(count, source.channels(), source.height(), source.width()).toFloatArray();
            int d = source.channels() * source.height() * source.width();
            List<TriggerPattern> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                float[] v = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
                for (int k = 0; k < d; k++) {
                    v[k] = Math.max(0f, Math.min(1f, v[k]));
                }
                out.add(new TriggerPattern(source.describe() + "#" + i, source.channels(), source.height(), source.width(), v));
            }
            return out;
        }
    }

    @Override
    public void close() {
        models.forEach(TriggerGeneratorModel::close);
    }
}
