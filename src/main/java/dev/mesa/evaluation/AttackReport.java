package dev.mesa.evaluation;

/**
 * Attack success rate of a trigger: overall over the non-target images, and per true class (the target's
 * entry is NaN).
 */
public record AttackReport(int targetClass, double attackSuccessRate, double[] perClassRate, int images) {}
