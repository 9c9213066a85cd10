package dev.mesa.distribution;

import java.util.List;

/**
 * The JSON header of a generator file: the MESA config, the trigger shape, which class and level it models,
 * the classifier it was trained against, what it achieved, and its trace: the same figures measured after the
 * epochs that were traced (the last one is {@code report}; null in files written before traces existed).
 */
public record GeneratorMetadata(int formatVersion, MesaConfig config, int channels, int height, int width,
                                int targetClass, double beta, String classifier, SubModelReport report,
                                List<SubModelReport> trace) {
    public static final int FORMAT_VERSION = 1;

    public GeneratorMetadata {
        trace = trace != null ? List.copyOf(trace) : null;
    }

    /** A header without a trace. */
    public GeneratorMetadata(int formatVersion, MesaConfig config, int channels, int height, int width,
                             int targetClass, double beta, String classifier, SubModelReport report) {
        this(formatVersion, config, channels, height, width, targetClass, beta, classifier, report, null);
    }
}
