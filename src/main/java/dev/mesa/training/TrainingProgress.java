package dev.mesa.training;

import java.util.Map;

/**
 * What a loop reports after each host read of its losses: position, the mean of each loss since the last
 * report, and throughput.
 */
public record TrainingProgress(String loop, long globalStep, long totalSteps, int epoch, int epochs,
                               Map<String, Double> meanLosses, double imagesPerSecond) {
    public double fraction() {
        return totalSteps == 0 ? 1.0 : (double) globalStep / totalSteps;
    }
}
