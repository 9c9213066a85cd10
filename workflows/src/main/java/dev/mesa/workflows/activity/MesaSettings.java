package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mesa.workflows.input.CapturesUnknownFields;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * MESA's hyper-parameters. Null fields take the defaults of {@link #withDefaults()}: the paper's and the
 * reference code's values from MESA.md, except the detection thresholds, which are the project's rule.
 *
 * @param betas                 staircase levels β_i (default [0.5, 0.8, 0.9]), each in (0, 1)
 * @param alpha                 weight of the entropy term (default 0.1)
 * @param detectionBeta         β of the per-class detection run (default 0.9)
 * @param epochs                generator epochs over the defence split per β (default 10)
 * @param detectionEpochs       generator epochs per class during detection (default: {@code epochs}); when equal
 *                              to {@code epochs}, the detection generator is reused as the staircase one
 * @param batchSize             batch size (default 128)
 * @param noiseStd              std of the Gaussian noise added to each sampled trigger (default 0.1)
 * @param zDim                  generator noise width, split in four chunks (default 64)
 * @param hidden                hidden width of generator and statistics network (default 512; 2048 for CIFAR-100)
 * @param learningRate          Adam learning rate of both networks (default 2e-4)
 * @param mineMovingAverageRate rate of MINE's moving average of E[e^T] (default 0.001)
 * @param asrThreshold          a class is attacked only if its detection generator's sample ASR reaches this
 *                              (default 0.5: the paper sees ≥ 0.94 on the target, ≤ 0.06 elsewhere)
 * @param madThreshold          ... and its anomaly index (robust z-score, median absolute deviation) reaches
 *                              this (default 2.0)
 * @param unknownFields JSON fields that match no other component, kept only to be refused
 *                      ({@link CapturesUnknownFields})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MesaSettings(List<Double> betas, Double alpha, Double detectionBeta, Integer epochs,
                           Integer detectionEpochs, Integer batchSize, Double noiseStd, Integer zDim, Integer hidden,
                           Double learningRate, Double mineMovingAverageRate, Double asrThreshold,
                           Double madThreshold,
                           @JsonAnySetter @JsonIgnore Map<String, Object> unknownFields)
        implements CapturesUnknownFields {

    public static final List<Double> PAPER_BETAS = List.of(0.5, 0.8, 0.9);

    public MesaSettings {
        unknownFields = CapturesUnknownFields.copyOf(unknownFields);
    }

    public MesaSettings(List<Double> betas, Double alpha, Double detectionBeta, Integer epochs,
                        Integer detectionEpochs, Integer batchSize, Double noiseStd, Integer zDim, Integer hidden,
                        Double learningRate, Double mineMovingAverageRate, Double asrThreshold, Double madThreshold) {
        this(betas, alpha, detectionBeta, epochs, detectionEpochs, batchSize, noiseStd, zDim, hidden, learningRate,
                mineMovingAverageRate, asrThreshold, madThreshold, Map.of());
    }

    /** All defaults. */
    public static MesaSettings defaults() {
        return new MesaSettings(null, null, null, null, null, null, null, null, null, null, null, null, null)
                .withDefaults();
    }

    public MesaSettings withDefaults() {
        int e = SettingChecks.orDefault(epochs, 10);
        return new MesaSettings(betas != null ? List.copyOf(betas) : PAPER_BETAS, SettingChecks.orDefault(alpha, 0.1),
                SettingChecks.orDefault(detectionBeta, 0.9), e, SettingChecks.orDefault(detectionEpochs, e),
                SettingChecks.orDefault(batchSize, 128), SettingChecks.orDefault(noiseStd, 0.1),
                SettingChecks.orDefault(zDim, 64), SettingChecks.orDefault(hidden, 512),
                SettingChecks.orDefault(learningRate, 2e-4), SettingChecks.orDefault(mineMovingAverageRate, 0.001),
                SettingChecks.orDefault(asrThreshold, 0.5), SettingChecks.orDefault(madThreshold, 2.0));
    }

    public MesaSettings validate() {
        if (SettingChecks.present("mesa.betas", betas).isEmpty()) {
            throw new IllegalArgumentException("mesa.betas must list at least one staircase level, e.g. [0.5, 0.8, 0.9]");
        }
        for (Double beta : betas) {
            SettingChecks.openUnit("mesa.betas[*]", beta);
        }
        if (new HashSet<>(betas).size() != betas.size()) {
            throw new IllegalArgumentException("mesa.betas must not repeat a level, got " + betas);
        }
        SettingChecks.nonNegative("mesa.alpha", alpha);
        SettingChecks.openUnit("mesa.detectionBeta", detectionBeta);
        SettingChecks.atLeast("mesa.epochs", epochs, 1);
        SettingChecks.atLeast("mesa.detectionEpochs", detectionEpochs, 1);
        SettingChecks.atLeast("mesa.batchSize", batchSize, 1);
        SettingChecks.nonNegative("mesa.noiseStd", noiseStd);
        SettingChecks.atLeast("mesa.zDim", zDim, 4);
        if (zDim % 4 != 0) {
            throw new IllegalArgumentException("mesa.zDim must be a multiple of 4 (the generator splits z in four chunks), got " + zDim);
        }
        SettingChecks.atLeast("mesa.hidden", hidden, 1);
        SettingChecks.positive("mesa.learningRate", learningRate);
        SettingChecks.halfOpenUnit("mesa.mineMovingAverageRate", mineMovingAverageRate);
        SettingChecks.halfOpenUnit("mesa.asrThreshold", asrThreshold);
        SettingChecks.positive("mesa.madThreshold", madThreshold);
        return this;
    }

    /** Whether the detection generator of β = {@code beta} can stand in for the staircase generator of that β. */
    public boolean detectionReusableFor(double beta) {
        return beta == detectionBeta && detectionEpochs.equals(epochs);
    }
}
