package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Train one MESA generator for ({@code targetClass}, {@code beta}) against the frozen {@code modelKey}.
 *
 * @param modelKey    artifact key or absolute path of the (possibly backdoored) model
 * @param triggerSize side of the square trigger the generator outputs
 * @param purpose     {@link #DETECTION} (runs {@code settings.detectionEpochs()}) or {@link #STAIRCASE}
 *                    (runs {@code settings.epochs()})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainGeneratorRequest(String modelKey, DatasetSpec dataset, int targetClass, double beta,
                                    int triggerSize, MesaSettings settings, long seed, String purpose) {
    public static final String DETECTION = "detection";
    public static final String STAIRCASE = "staircase";

    /** The epoch budget this request asks for. */
    public int epochBudget() {
        return DETECTION.equals(purpose) ? settings.detectionEpochs() : settings.epochs();
    }
}
