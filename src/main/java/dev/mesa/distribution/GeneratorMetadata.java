package dev.mesa.distribution;

/**
 * The JSON header of a generator file: the MESA config, the trigger shape, which class and level it models,
 * the classifier it was trained against, and what it achieved.
 */
public record GeneratorMetadata(int formatVersion, MesaConfig config, int channels, int height, int width,
                                int targetClass, double beta, String classifier, SubModelReport report) {
    public static final int FORMAT_VERSION = 1;
}
