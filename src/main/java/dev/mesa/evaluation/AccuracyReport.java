package dev.mesa.evaluation;

/** Clean accuracy overall and per true class (NaN for a class without images). */
public record AccuracyReport(double accuracy, double[] perClassAccuracy, int images) {}
