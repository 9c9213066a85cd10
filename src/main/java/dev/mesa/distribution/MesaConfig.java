package dev.mesa.distribution;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mesa.checkpoint.Fingerprint;
import dev.mesa.trigger.StampingRule;

import java.util.List;

/**
 * Hyper-parameters of MESA (docs/ALGORITHM.md; defaults are the paper's and the reference code's): staircase levels
 * β, entropy weight α, trigger noise σ during search, generator/statistics-network sizes, Adam settings,
 * MINE's moving-average rate, epochs over the defence split and batch size.
 */
public record MesaConfig(List<Double> betas, double alpha, double noiseStd, int noiseDim, int hidden,
                         double learningRate, double adamBeta1, double adamBeta2, double mineMovingAverageRate,
                         int epochs, int batchSize, boolean statisticsFinalActivation,
                         @JsonInclude(JsonInclude.Include.NON_NULL) StampingRule searchStamping) {
    public MesaConfig {
        betas = List.copyOf(betas);
        if (searchStamping == StampingRule.ONE_LOCATION_PER_BATCH) {
            searchStamping = null;
        }
        if (betas.isEmpty()) {
            throw new IllegalArgumentException("MESA needs at least one staircase level beta");
        }
        for (double b : betas) {
            requireBeta(b);
        }
        if (!(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be >= 0, got " + alpha);
        }
        if (!(noiseStd >= 0)) {
            throw new IllegalArgumentException("trigger noise std must be >= 0, got " + noiseStd);
        }
        if (noiseDim < 4 || noiseDim % 4 != 0 || hidden < 1) {
            throw new IllegalArgumentException("noise dimension must be a positive multiple of 4 and hidden width positive");
        }
        if (!(learningRate > 0) || adamBeta1 < 0 || adamBeta1 >= 1 || adamBeta2 < 0 || adamBeta2 >= 1) {
            throw new IllegalArgumentException("Adam needs a positive learning rate and betas in [0, 1)");
        }
        if (!(mineMovingAverageRate > 0 && mineMovingAverageRate <= 1)) {
            throw new IllegalArgumentException("MINE moving-average rate must be in (0, 1], got " + mineMovingAverageRate);
        }
        if (epochs < 1 || batchSize < 2) {
            throw new IllegalArgumentException("MESA needs >= 1 epoch and batches of >= 2 (BatchNorm in G)");
        }
    }

    /** The paper's search stamping (one location per batch), the form every earlier generator was trained with. */
    public MesaConfig(List<Double> betas, double alpha, double noiseStd, int noiseDim, int hidden, double learningRate,
                      double adamBeta1, double adamBeta2, double mineMovingAverageRate, int epochs, int batchSize,
                      boolean statisticsFinalActivation) {
        this(betas, alpha, noiseStd, noiseDim, hidden, learningRate, adamBeta1, adamBeta2, mineMovingAverageRate, epochs,
                batchSize, statisticsFinalActivation, null);
    }

    /**
     * Where the search pastes its triggers: the paper's one location per batch unless an experiment says otherwise
     * (stored as {@code null} for the paper's rule, so that the JSON and the fingerprint of every earlier
     * configuration stay what they were).
     */
    public StampingRule searchStampingRule() {
        return searchStamping == null ? StampingRule.ONE_LOCATION_PER_BATCH : searchStamping;
    }

    /** The paper: β ∈ {0.5, 0.8, 0.9}, α = 0.1, σ = 0.1, z 64, hidden 512, Adam 2e-4 (0.5, 0.999), rate 0.001, 10 epochs, batch 128. */
    public static MesaConfig paper() {
        return new MesaConfig(List.of(0.5, 0.8, 0.9), 0.1, 0.1, 64, 512, 2e-4, 0.5, 0.999, 0.001, 10, 128, true);
    }

    /** The same with the CIFAR-100 generator width (hidden 2048). */
    public static MesaConfig paperCifar100() {
        return paper().toBuilder().hidden(2048).build();
    }

    /** The fields that change training, for checkpoints ({@link Fingerprint}). */
    public Fingerprint fingerprint() {
        return Fingerprint.of("mesa-config").with("betas", betas).with("alpha", alpha).with("noiseStd", noiseStd)
                .with("noiseDim", noiseDim).with("hidden", hidden).with("learningRate", learningRate)
                .with("adamBeta1", adamBeta1).with("adamBeta2", adamBeta2)
                .with("mineMovingAverageRate", mineMovingAverageRate).with("epochs", epochs)
                .with("batchSize", batchSize).with("statisticsFinalActivation", statisticsFinalActivation)
                .withOptional("searchStamping", searchStampingRule().name(), StampingRule.ONE_LOCATION_PER_BATCH.name());
    }

    public static void requireBeta(double beta) {
        if (!(beta > 0 && beta < 1)) {
            throw new IllegalArgumentException("beta must be in (0, 1), got " + beta);
        }
    }

    /** A builder that starts from these values: override what differs, then {@link Builder#build()}. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Sets fields one by one; {@link #build()} validates the whole. */
    public static final class Builder {
        private List<Double> betas;
        private double alpha;
        private double noiseStd;
        private int noiseDim;
        private int hidden;
        private double learningRate;
        private double adamBeta1;
        private double adamBeta2;
        private double mineMovingAverageRate;
        private int epochs;
        private int batchSize;
        private boolean statisticsFinalActivation;
        private StampingRule searchStamping;

        private Builder(MesaConfig from) {
            betas = from.betas;
            alpha = from.alpha;
            noiseStd = from.noiseStd;
            noiseDim = from.noiseDim;
            hidden = from.hidden;
            learningRate = from.learningRate;
            adamBeta1 = from.adamBeta1;
            adamBeta2 = from.adamBeta2;
            mineMovingAverageRate = from.mineMovingAverageRate;
            epochs = from.epochs;
            batchSize = from.batchSize;
            statisticsFinalActivation = from.statisticsFinalActivation;
            searchStamping = from.searchStamping;
        }

        public Builder betas(List<Double> value) {
            betas = value;
            return this;
        }

        public Builder alpha(double value) {
            alpha = value;
            return this;
        }

        public Builder noiseStd(double value) {
            noiseStd = value;
            return this;
        }

        public Builder noiseDim(int value) {
            noiseDim = value;
            return this;
        }

        public Builder hidden(int value) {
            hidden = value;
            return this;
        }

        public Builder learningRate(double value) {
            learningRate = value;
            return this;
        }

        public Builder adamBetas(double beta1, double beta2) {
            adamBeta1 = beta1;
            adamBeta2 = beta2;
            return this;
        }

        public Builder mineMovingAverageRate(double value) {
            mineMovingAverageRate = value;
            return this;
        }

        public Builder epochs(int value) {
            epochs = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder statisticsFinalActivation(boolean value) {
            statisticsFinalActivation = value;
            return this;
        }

        /** Where the search pastes its triggers (experiments only; the paper's rule is one location per batch). */
        public Builder searchStamping(StampingRule value) {
            searchStamping = value;
            return this;
        }

        public MesaConfig build() {
            return new MesaConfig(betas, alpha, noiseStd, noiseDim, hidden, learningRate, adamBeta1, adamBeta2,
                    mineMovingAverageRate, epochs, batchSize, statisticsFinalActivation, searchStamping);
        }
    }
}
