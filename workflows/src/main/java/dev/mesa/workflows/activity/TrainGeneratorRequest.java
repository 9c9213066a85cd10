package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Train one MESA generator for ({@code targetClass}, {@code beta}) against the frozen {@code modelKey}.
 *
 * @param modelKey        artifact key or absolute path of the (possibly backdoored) model
 * @param triggerSize     side of the square trigger the generator outputs
 * @param purpose         {@link #DETECTION} (runs {@code settings.detectionEpochs()}) or {@link #STAIRCASE}
 *                        (runs {@code settings.epochs()})
 * @param traceEpochs     epochs (counted from 1) after which the generator is also measured (its trace); null or
 *                        empty: measured at the end only
 * @param stopAfterEpochs stop after this many epochs of the budget and keep the checkpoint (a detection scan); null:
 *                        the whole budget. Not part of the run's identity: the same request without it continues
 *                        the stopped run from its checkpoint to the end of the budget
 * @param measurement     how the finished generator is measured: {@link #FIRST_MEASUREMENT} (or null, as every
 *                        request before this field: E[F] of the skip rule with the search noise, every figure on the
 *                        defence split) or {@link #PAPER_MEASUREMENT} (E[F] of G(z) without the noise, as the paper and
 *                        the reference code; E[F] and the sample ASR also measured on the evaluation split for
 *                        reporting) or {@link #ONE_PASS_MEASUREMENT} (the same figures, both from one pass per
 *                        image set). A different measurement is a different run: results measured the old way are
 *                        never reused for the new one
 * @param run             the top-level workflow id of the run the generator is trained for ({@code sweep/<sweepId>}
 *                        or {@code defense/<defenseId>}): labels the generator's metrics only, so it is not part of
 *                        the run's identity either (two sweeps that need the same generator share it); null: none
 * @param wide            the workflow's mark for the only unit of its stage ({@link UnitWidth}); null: not marked. Not
 *                        part of the run's identity, and left out of the JSON when null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainGeneratorRequest(String modelKey, DatasetSpec dataset, int targetClass, double beta,
                                    int triggerSize, MesaSettings settings, long seed, String purpose,
                                    @AddedField(unchangedWhen = "[]") List<Integer> traceEpochs,
                                    Integer stopAfterEpochs,
                                    @AddedField(unchangedWhen = "1") Integer measurement, String run,
                                    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean wide) implements UnitWidth {
    public static final String DETECTION = "detection";
    public static final String STAIRCASE = "staircase";
    /** The request field that does not change which run a request names. */
    public static final String STOP_AFTER_EPOCHS = "stopAfterEpochs";
    /** The label-only request field (metrics), not part of which run a request names. */
    public static final String RUN = "run";
    /** {@code measurement} of mesa's first release: E[F] with the search noise, defence split only. */
    public static final int FIRST_MEASUREMENT = 1;
    /** {@code measurement} of the paper: E[F] without the search noise; figures also on the evaluation split. */
    public static final int PAPER_MEASUREMENT = 2;
    /**
     * {@code measurement} since the one-pass change: the paper's E[F] and sample ASR, both from one stamped pass per
     * image set (each image its own sample and location) instead of one pass each; figures also on the evaluation
     * split.
     */
    public static final int ONE_PASS_MEASUREMENT = 3;
    public static final List<Integer> MEASUREMENTS = List.of(FIRST_MEASUREMENT, PAPER_MEASUREMENT,
            ONE_PASS_MEASUREMENT);

    public TrainGeneratorRequest {
        traceEpochs = traceEpochs != null ? List.copyOf(traceEpochs) : null;
    }

    /** A request not marked wide. */
    public TrainGeneratorRequest(String modelKey, DatasetSpec dataset, int targetClass, double beta, int triggerSize,
                                 MesaSettings settings, long seed, String purpose, List<Integer> traceEpochs,
                                 Integer stopAfterEpochs, Integer measurement, String run) {
        this(modelKey, dataset, targetClass, beta, triggerSize, settings, seed, purpose, traceEpochs, stopAfterEpochs,
                measurement, run, null);
    }

    /** A request for the whole budget, measured at its end only, as the paper measures. */
    public TrainGeneratorRequest(String modelKey, DatasetSpec dataset, int targetClass, double beta, int triggerSize,
                                 MesaSettings settings, long seed, String purpose) {
        this(modelKey, dataset, targetClass, beta, triggerSize, settings, seed, purpose, null, null);
    }

    /** A request measured as the paper measures. */
    public TrainGeneratorRequest(String modelKey, DatasetSpec dataset, int targetClass, double beta, int triggerSize,
                                 MesaSettings settings, long seed, String purpose, List<Integer> traceEpochs,
                                 Integer stopAfterEpochs) {
        this(modelKey, dataset, targetClass, beta, triggerSize, settings, seed, purpose, traceEpochs, stopAfterEpochs,
                PAPER_MEASUREMENT, null);
    }

    /** The measurement this request asks for (null: the first release's). */
    public int measurementOrFirst() {
        return measurement != null ? measurement : FIRST_MEASUREMENT;
    }

    /** This request measured by {@code newMeasurement} (null: as first released). */
    public TrainGeneratorRequest measuredBy(Integer newMeasurement) {
        return new TrainGeneratorRequest(modelKey, dataset, targetClass, beta, triggerSize, settings, seed, purpose,
                traceEpochs, stopAfterEpochs, newMeasurement, run, wide);
    }

    /** This request with the MESA settings {@code newSettings}. */
    public TrainGeneratorRequest withSettings(MesaSettings newSettings) {
        return new TrainGeneratorRequest(modelKey, dataset, targetClass, beta, triggerSize, newSettings, seed, purpose,
                traceEpochs, stopAfterEpochs, measurement, run, wide);
    }

    /** This request measured also after each of {@code epochs} (counted from 1). */
    public TrainGeneratorRequest tracedAfter(List<Integer> epochs) {
        return new TrainGeneratorRequest(modelKey, dataset, targetClass, beta, triggerSize, settings, seed, purpose,
                epochs, stopAfterEpochs, measurement, run, wide);
    }

    /** This request with the metrics label {@code newRun}. */
    public TrainGeneratorRequest forRun(String newRun) {
        return new TrainGeneratorRequest(modelKey, dataset, targetClass, beta, triggerSize, settings, seed, purpose,
                traceEpochs, stopAfterEpochs, measurement, newRun, wide);
    }

    /** The epoch budget this request asks for. */
    public int epochBudget() {
        return DETECTION.equals(purpose) ? settings.detectionEpochs() : settings.epochs();
    }

    /** Whether this request stops before the end of its budget. */
    public boolean stopsEarly() {
        return stopAfterEpochs != null && stopAfterEpochs < epochBudget();
    }

    /** This request stopping after {@code epochs} epochs (null: the whole budget). */
    public TrainGeneratorRequest stoppingAfter(Integer epochs) {
        return new TrainGeneratorRequest(modelKey, dataset, targetClass, beta, triggerSize, settings, seed, purpose,
                traceEpochs, epochs, measurement, run, wide);
    }

    /** This request marked wide when {@code alone} (the only unit of its stage), unmarked otherwise. */
    public TrainGeneratorRequest widenedWhen(boolean alone) {
        return new TrainGeneratorRequest(modelKey, dataset, targetClass, beta, triggerSize, settings, seed, purpose,
                traceEpochs, stopAfterEpochs, measurement, run, alone ? Boolean.TRUE : null);
    }
}
