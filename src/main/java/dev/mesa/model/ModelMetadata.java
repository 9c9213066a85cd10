package dev.mesa.model;

import dev.mesa.data.Normalization;

import java.util.List;

/**
 * The JSON header of a model file: format version, the network's spec, input normalisation, class names,
 * the dataset it was trained on and how it was produced ({@code provenance}, e.g. "clean",
 * "backdoored bw-170 -> 0", "repaired by mesa beta=0.9").
 */
public record ModelMetadata(int formatVersion, ClassifierSpec spec, float[] mean, float[] std,
                            List<String> classNames, String dataset, String provenance) {
    public static final int FORMAT_VERSION = 1;

    public Normalization normalization() {
        return new Normalization(mean, std);
    }
}
