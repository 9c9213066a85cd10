package dev.mesa.activities;

import dev.mesa.activities.metrics.MetricNames;
import dev.mesa.checkpoint.DurableFiles;
import dev.mesa.activities.store.RunDirectory;
import dev.mesa.defense.ReversalConfig;
import dev.mesa.defense.TriggerReverser;
import dev.mesa.evaluation.ClassifierEvaluator;
import dev.mesa.model.Classifier;
import dev.mesa.report.TriggerGrid;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerPattern;
import dev.mesa.workflows.activity.ActivityNames;
import dev.mesa.workflows.activity.ReverseTriggerRequest;
import dev.mesa.workflows.activity.TriggerArtifact;

import java.util.List;
import java.util.Set;

/**
 * {@code reverseTrigger}: one round of the single-reversed-trigger baseline, by mesa's protocol
 * ({@link ReversalConfig#paper()}: SGD on the raw pixels, 3 epochs over the defence split) or the authors'
 * ({@link ReversalConfig#reference()}); stores the trigger as {@code trigger.json} plus a PNG.
 */
final class TriggerReversal {
    static final String ACTIVITY = ActivityNames.REVERSE_TRIGGER;
    private final ActivityResources resources;

    TriggerReversal(ActivityResources resources) {
        this.resources = resources;
    }

    TriggerArtifact run(ReverseTriggerRequest raw) {
        if (raw.triggerSize() < 1 || raw.round() < 0) {
            throw new IllegalArgumentException("triggerSize must be >= 1 and round >= 0, got " + raw.triggerSize()
                    + " and " + raw.round());
        }
        if (!ReverseTriggerRequest.PROTOCOLS.contains(raw.protocolOrDefault())) {
            throw new IllegalArgumentException("protocol must be one of " + ReverseTriggerRequest.PROTOCOLS
                    + " (or absent for " + ReverseTriggerRequest.MESA + "), got " + raw.protocol());
        }
        ReverseTriggerRequest request = new ReverseTriggerRequest(raw.modelKey(), DatasetCatalog.resolve(raw.dataset()),
                raw.targetClass(), raw.triggerSize(), raw.round(), raw.seed(), raw.protocol());
        boolean reference = request.protocolOrDefault().equals(ReverseTriggerRequest.REFERENCE);
        RunDirectory run = resources.store().run("triggers", "reversed-" + (reference ? "reference-" : "") + "c"
                + request.targetClass() + "-k" + request.round(), ACTIVITY, request, Set.of());
        return run.reuseOr(TriggerArtifact.class, Reuse::of, () -> reverse(request, run, reference));
    }

    private TriggerArtifact reverse(ReverseTriggerRequest request, RunDirectory run, boolean reference) {
        var data = resources.datasets().splits(request.dataset());
        var defense = resources.datasets().defenseSplit(request.dataset()).defense();
        ReversalConfig protocol = reference ? ReversalConfig.reference() : ReversalConfig.paper();
        ReversalConfig config = protocol.withBatchSize(Math.min(protocol.batchSize(),
                protocol.imagesPerRound(defense.size())));
        int channels = data.shape().channels();
        try (TrainingSession session = TrainingSession.start(ACTIVITY, MetricNames.LOOP_REVERSE, run, resources);
             Classifier classifier = ModelFiles.load(resources, "modelKey", request.modelKey(), data);
             TriggerReverser reverser = new TriggerReverser(classifier, defense, request.targetClass(), channels,
                     request.triggerSize(), request.triggerSize(), config, request.round(), request.seed())) {
            TriggerPattern pattern = session.train(listener -> reverser.reverse(run.checkpoint(), listener));
            double asr = new ClassifierEvaluator(resources.cadence().evaluationBatchSize()).attackSuccessRate(classifier,
                    defense, new FixedTriggerSource(pattern), request.targetClass(), StampingRule.PER_SAMPLE,
                    request.seed()).attackSuccessRate();
            StoredTrigger.write(run.file(StoredTrigger.FILE_NAME), pattern);
            DurableFiles.write(run.file("trigger.png"), tmp -> TriggerGrid.writePng(tmp, List.of(pattern.values()),
                    channels, pattern.height(), pattern.width(), 1, 16));
            return run.finish(new TriggerArtifact(run.key(), asr, false, session.resumedFromStep()));
        }
    }
}
