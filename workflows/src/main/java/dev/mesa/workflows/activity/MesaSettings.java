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
 * reference code's values (docs/ALGORITHM.md), except the detection thresholds, which are the project's rule.
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
 * @param detection             the detection protocol: {@link #SCAN} (default) searches every class for
 *                              {@code scanEpochs} epochs and continues to {@code detectionEpochs} only the classes
 *                              whose outcome is still open; {@link #FULL} gives every class the whole budget (the
 *                              paper's protocol)
 * @param scanEpochs            epochs of the scan (default 2, provisional, for budgets like the paper's: 10 epochs of
 *                              ~60 steps; with epochs of a few steps use {@link #FULL} or a longer scan); a scan as
 *                              long as the budget is the full protocol
 * @param scanContinueAsr       a scanned class continues when its sample ASR reaches this (default 0.1, provisional;
 *                              at most {@code asrThreshold}, so a class that stops can never be flagged)
 * @param scanContinueAnomaly   ... or when its anomaly index among the scanned classes reaches this (default 2.0,
 *                              provisional)
 * @param traceDetection        measure every detection generator after every epoch, not only where the protocol
 *                              needs it (default false: one extra sub-model evaluation per epoch and class)
 * @param unknownFields JSON fields that match no other component, kept only to be refused
 *                      ({@link CapturesUnknownFields})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MesaSettings(List<Double> betas, Double alpha, Double detectionBeta, Integer epochs,
                           Integer detectionEpochs, Integer batchSize, Double noiseStd, Integer zDim, Integer hidden,
                           Double learningRate, Double mineMovingAverageRate, Double asrThreshold,
                           Double madThreshold, @AddedField(unchangedWhen = "\"scan\"") String detection,
                           @AddedField(unchangedWhen = "2") Integer scanEpochs,
                           @AddedField(unchangedWhen = "0.1") Double scanContinueAsr,
                           @AddedField(unchangedWhen = "2.0") Double scanContinueAnomaly,
                           @AddedField(unchangedWhen = "false") Boolean traceDetection,
                           @JsonAnySetter @JsonIgnore Map<String, Object> unknownFields)
        implements CapturesUnknownFields {

    public static final List<Double> PAPER_BETAS = List.of(0.5, 0.8, 0.9);
    /** Detection protocol: a short scan of every class, the full budget only where the outcome is still open. */
    public static final String SCAN = "scan";
    /** Detection protocol: the full budget for every class (the paper's). */
    public static final String FULL = "full";
    public static final List<String> DETECTION_PROTOCOLS = List.of(SCAN, FULL);

    public MesaSettings {
        unknownFields = CapturesUnknownFields.copyOf(unknownFields);
    }

    public MesaSettings(List<Double> betas, Double alpha, Double detectionBeta, Integer epochs,
                        Integer detectionEpochs, Integer batchSize, Double noiseStd, Integer zDim, Integer hidden,
                        Double learningRate, Double mineMovingAverageRate, Double asrThreshold, Double madThreshold) {
        this(betas, alpha, detectionBeta, epochs, detectionEpochs, batchSize, noiseStd, zDim, hidden, learningRate,
                mineMovingAverageRate, asrThreshold, madThreshold, null, null, null, null, null, Map.of());
    }

    /** All defaults. */
    public static MesaSettings defaults() {
        return new MesaSettings(null, null, null, null, null, null, null, null, null, null, null, null, null)
                .withDefaults();
    }

    /** These settings with the detection protocol {@code protocol} ({@link #SCAN} or {@link #FULL}). */
    public MesaSettings withDetection(String protocol) {
        return new MesaSettings(betas, alpha, detectionBeta, epochs, detectionEpochs, batchSize, noiseStd, zDim, hidden,
                learningRate, mineMovingAverageRate, asrThreshold, madThreshold, protocol, scanEpochs, scanContinueAsr,
                scanContinueAnomaly, traceDetection, unknownFields);
    }

    /** These settings with every detection generator measured after every epoch (or not). */
    public MesaSettings withTraceDetection(boolean trace) {
        return new MesaSettings(betas, alpha, detectionBeta, epochs, detectionEpochs, batchSize, noiseStd, zDim, hidden,
                learningRate, mineMovingAverageRate, asrThreshold, madThreshold, detection, scanEpochs, scanContinueAsr,
                scanContinueAnomaly, trace, unknownFields);
    }

    public MesaSettings withDefaults() {
        int e = SettingChecks.orDefault(epochs, 10);
        return new MesaSettings(betas != null ? List.copyOf(betas) : PAPER_BETAS, SettingChecks.orDefault(alpha, 0.1),
                SettingChecks.orDefault(detectionBeta, 0.9), e, SettingChecks.orDefault(detectionEpochs, e),
                SettingChecks.orDefault(batchSize, 128), SettingChecks.orDefault(noiseStd, 0.1),
                SettingChecks.orDefault(zDim, 64), SettingChecks.orDefault(hidden, 512),
                SettingChecks.orDefault(learningRate, 2e-4), SettingChecks.orDefault(mineMovingAverageRate, 0.001),
                SettingChecks.orDefault(asrThreshold, 0.5), SettingChecks.orDefault(madThreshold, 2.0),
                SettingChecks.orDefault(detection, SCAN), SettingChecks.orDefault(scanEpochs, 2),
                SettingChecks.orDefault(scanContinueAsr, 0.1), SettingChecks.orDefault(scanContinueAnomaly, 2.0),
                SettingChecks.orDefault(traceDetection, false), Map.of());
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
        if (!DETECTION_PROTOCOLS.contains(detection)) {
            throw new IllegalArgumentException("mesa.detection must be one of " + DETECTION_PROTOCOLS + ", got "
                    + detection);
        }
        SettingChecks.atLeast("mesa.scanEpochs", scanEpochs, 1);
        SettingChecks.halfOpenUnit("mesa.scanContinueAsr", scanContinueAsr);
        if (scanContinueAsr > asrThreshold) {
            throw new IllegalArgumentException("mesa.scanContinueAsr (" + scanContinueAsr + ") must not exceed"
                    + " mesa.asrThreshold (" + asrThreshold + "): a class stopped after the scan could then be flagged"
                    + " on its scan alone");
        }
        SettingChecks.positive("mesa.scanContinueAnomaly", scanContinueAnomaly);
        SettingChecks.present("mesa.traceDetection", traceDetection);
        return this;
    }

    /** Whether detection scans (protocol {@link #SCAN} with a scan shorter than the detection budget). */
    public boolean scansDetection() {
        return SCAN.equals(detection) && scanEpochs < detectionEpochs;
    }

    /**
     * The epochs (counted from 1) after which a detection generator is measured besides its last: all of them with
     * {@code traceDetection}, else the scan's end when detection scans, else none.
     */
    public List<Integer> detectionTraceEpochs() {
        if (traceDetection) {
            return java.util.stream.IntStream.rangeClosed(1, detectionEpochs).boxed().toList();
        }
        return scansDetection() ? List.of(scanEpochs) : List.of();
    }

    /**
     * These settings as far as they shape one generator trained for {@code budget} epochs: the training settings as
     * given, both budgets equal to {@code budget}, and every setting that only decides about finished generators (the
     * staircase's levels, the detection β, the detection thresholds and protocol, tracing) at its default. A
     * generator's run is keyed by this (applied to settings with their defaults), so a defence that only decides
     * differently reuses every generator it shares with an earlier one, and the keys of defences with the default
     * decisions and equal budgets are the keys they always had.
     */
    public MesaSettings shapingGenerator(int budget) {
        MesaSettings d = defaults();
        return new MesaSettings(d.betas, alpha, d.detectionBeta, budget, budget, batchSize, noiseStd, zDim, hidden,
                learningRate, mineMovingAverageRate, d.asrThreshold, d.madThreshold, d.detection, d.scanEpochs,
                d.scanContinueAsr, d.scanContinueAnomaly, d.traceDetection, Map.of());
    }

    /** Whether the detection generator of β = {@code beta} can stand in for the staircase generator of that β. */
    public boolean detectionReusableFor(double beta) {
        return beta == detectionBeta && detectionEpochs.equals(epochs);
    }
}
