package dev.mesa.activities;

import dev.mesa.distribution.SubModelReport;
import dev.mesa.distribution.SubModelTrainer;
import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.GeneratorTracePoint;

import java.util.List;

/** The contract's {@link GeneratorArtifact} of a trained sub-model, and the view of it after an earlier epoch. */
final class GeneratorArtifacts {
    private GeneratorArtifacts() {}

    /** The artifact of {@code result}: its report's figures, the epochs trained and the trace. */
    static GeneratorArtifact of(String key, SubModelTrainer.Result result, long resumedFromStep) {
        SubModelReport r = result.report();
        List<GeneratorTracePoint> trace = result.trace().stream().map(p -> new GeneratorTracePoint(result.epochOf(p),
                p.meanTestingFunction(), p.sampleAsr(), p.mutualInformation(), p.diversity(), p.heldOutTestingFunction(),
                p.heldOutSampleAsr())).toList();
        return new GeneratorArtifact(key, r.targetClass(), r.beta(), r.meanTestingFunction(), r.sampleAsr(),
                r.mutualInformation(), r.diversity(), r.skipped(), false, resumedFromStep, result.epochOf(r), trace,
                r.heldOutTestingFunction(), r.heldOutSampleAsr());
    }

    /**
     * {@code stored} as it was after {@code epochs} epochs, from its trace (what a scan of a run that has since
     * finished reports); {@code stored} itself when it has no point there (a result recorded without that trace).
     */
    static GeneratorArtifact atEpoch(GeneratorArtifact stored, int epochs) {
        return stored.trace().stream().filter(p -> p.epoch() == epochs).findFirst()
                .map(p -> new GeneratorArtifact(stored.key(), stored.targetClass(), stored.beta(), p.meanTestingFunction(),
                        p.sampleAsr(), p.mutualInformation(), p.diversity(), p.meanTestingFunction() < stored.beta(),
                        stored.reused(), stored.resumedFromStep(), epochs, stored.trace().stream()
                        .filter(q -> q.epoch() <= epochs).toList(), p.heldOutTestingFunction(), p.heldOutSampleAsr()))
                .orElse(stored);
    }
}
