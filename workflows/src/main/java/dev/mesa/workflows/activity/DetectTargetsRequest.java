package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * Apply the detection rule to the per-class detection generators: a class is attacked when its sample ASR
 * reaches {@code asrThreshold} and its anomaly index reaches {@code madThreshold}. After a detection scan, also say
 * which classes continue to the full budget: those whose sample ASR reaches {@code scanContinueAsr} or whose anomaly
 * index reaches {@code scanContinueAnomaly} (both null: not a scan).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DetectTargetsRequest(List<GeneratorArtifact> generators, double asrThreshold, double madThreshold,
                                   long seed, Double scanContinueAsr, Double scanContinueAnomaly) {
    /** The rule over final generators (not a scan). */
    public DetectTargetsRequest(List<GeneratorArtifact> generators, double asrThreshold, double madThreshold, long seed) {
        this(generators, asrThreshold, madThreshold, seed, null, null);
    }

    /** Whether these generators come from a detection scan (the outcome then lists the classes that continue). */
    public boolean afterScan() {
        return scanContinueAsr != null || scanContinueAnomaly != null;
    }
}
