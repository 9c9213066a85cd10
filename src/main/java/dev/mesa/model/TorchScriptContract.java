package dev.mesa.model;

import dev.mesa.data.ImageShape;
import dev.mesa.data.Normalization;

import java.util.List;

/**
 * What a user declares about a TorchScript classifier file: it takes float images {@code (B, 3, inputSize,
 * inputSize)} normalised with {@code normalization} and returns logits {@code (B, classes)}. The class count
 * is the output width; {@code classNames} (optional: null or empty) names the outputs in reports.
 */
public record TorchScriptContract(int inputSize, Normalization normalization, List<String> classNames) {
    public static final int CHANNELS = 3;

    public TorchScriptContract {
        if (inputSize < 1) {
            throw new IllegalArgumentException("inputSize must be positive, got " + inputSize);
        }
        if (normalization == null || normalization.channels() != CHANNELS) {
            throw new IllegalArgumentException("a TorchScript classifier takes RGB images: mean and std need "
                    + CHANNELS + " values each");
        }
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
    }

    public ImageShape inputShape() {
        return new ImageShape(CHANNELS, inputSize, inputSize);
    }

    /** The declared class names, or "0".."classes-1" when none were given. */
    List<String> classNamesFor(int classes) {
        if (classNames.isEmpty()) {
            return java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        }
        return classNames;
    }
}
