package dev.mesa.activities;

import dev.mesa.activities.metrics.MesaMetrics;
import dev.mesa.activities.metrics.VariantLabels;
import dev.mesa.activities.store.RunDirectory;
import dev.mesa.data.ImageDataset;
import dev.mesa.defense.DefenseEffectiveness;
import dev.mesa.evaluation.AccuracyReport;
import dev.mesa.evaluation.ClassifierEvaluator;
import dev.mesa.model.Classifier;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.StampingRule;
import dev.mesa.workflows.activity.ActivityNames;
import dev.mesa.workflows.activity.EvaluateRequest;
import dev.mesa.workflows.activity.EvaluationOutcome;
import dev.mesa.workflows.activity.SampledTriggerAsr;
import dev.mesa.workflows.activity.SampledTriggers;
import dev.mesa.workflows.activity.TriggerSource;
import dev.mesa.workflows.activity.TriggerSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code evaluate}: clean accuracy (overall and per class) and, with a trigger, its ASR on the evaluation split,
 * stamped at per-image random locations drawn from the request's seed; with sampled triggers, the ASR of fresh
 * samples of each class's generators (without the search noise, as retraining samples them), the same way.
 * Publishes them as {@code mesa_clean_accuracy_ratio} / {@code mesa_asr_ratio} labelled by run, trigger, phase and
 * β (from the run and the variant, which are therefore not part of the stored measurement's identity).
 */
final class ModelEvaluation {
    static final String ACTIVITY = ActivityNames.EVALUATE;
    /**
     * Request fields that only label the published metrics, or name the reference the answer compares with: not part
     * of the stored measurement's identity.
     */
    static final Set<String> LABELS_ONLY = Set.of("variant", "run", "referenceModelKey");
    private final ActivityResources resources;

    ModelEvaluation(ActivityResources resources) {
        this.resources = resources;
    }

    EvaluationOutcome run(EvaluateRequest raw) {
        if ((raw.trigger() == null) != (raw.targetClass() == null)) {
            throw new IllegalArgumentException("trigger and targetClass go together: give both or neither");
        }
        TriggerSpec trigger = raw.trigger() != null ? raw.trigger().withDefaults().validate() : null;
        if (raw.sampledTriggers() != null) {
            for (SampledTriggers sampled : raw.sampledTriggers()) {
                if (sampled == null || sampled.generatorKeys() == null || sampled.generatorKeys().isEmpty()) {
                    throw new IllegalArgumentException("sampledTriggers: each entry needs a targetClass and at least one"
                            + " generator key");
                }
            }
        }
        EvaluateRequest request = new EvaluateRequest(raw.modelKey(), DatasetCatalog.resolve(raw.dataset()), trigger,
                raw.targetClass(), raw.seed(), raw.variant(), raw.run(), raw.sampledTriggers(), raw.referenceModelKey());
        EvaluationOutcome outcome = measured(request, "modelKey");
        VariantLabels.of(request.variant()).ifPresent(labels -> resources.metrics().evaluation(request.run(),
                trigger != null ? MesaMetrics.triggerLabel(trigger) : VariantLabels.NONE, labels, outcome.cleanAccuracy(),
                outcome.attackSuccessRate()));
        if (request.referenceModelKey() == null || outcome.attackSuccessRate() == null) {
            return outcome;
        }
        // the reference is measured as this model is (same images, same stamps): usually the stored "before" run
        EvaluationOutcome before = measured(request.sameMeasurementOf(request.referenceModelKey()),
                "referenceModelKey");
        return outcome.withDefenseEffectiveness(DefenseEffectiveness.rate(before.attackSuccessRate(),
                outcome.attackSuccessRate(), before.cleanAccuracy(), outcome.cleanAccuracy()));
    }

    /**
     * The stored measurement of this request, measured first when there is none ({@code field} names the model in
     * errors). The rate against a reference is never stored: it is not the measurement's own.
     */
    private EvaluationOutcome measured(EvaluateRequest request, String field) {
        ModelFiles.locate(resources, field, request.modelKey());
        RunDirectory run = resources.store().run("evaluations", request.trigger() != null ? request.trigger().label()
                : "clean", ACTIVITY, request, LABELS_ONLY);
        return run.reuseOr(EvaluationOutcome.class, stored -> stored, () -> run.finish(measure(request)));
    }

    private EvaluationOutcome measure(EvaluateRequest request) {
        var data = resources.datasets().splits(request.dataset());
        var images = resources.datasets().defenseSplit(request.dataset()).evaluation();
        ClassifierEvaluator evaluator = new ClassifierEvaluator(resources.cadence().evaluationBatchSize());
        try (Classifier classifier = ModelFiles.load(resources, "modelKey", request.modelKey(), data)) {
            AccuracyReport accuracy = evaluator.accuracy(classifier, images);
            Double asr = null;
            if (request.trigger() != null) {
                var pattern = TriggerResolver.pattern(request.trigger(), data.shape().channels(), resources.store());
                asr = evaluator.attackSuccessRate(classifier, images, new FixedTriggerSource(pattern),
                        request.targetClass(), StampingRule.PER_SAMPLE, request.seed()).attackSuccessRate();
            }
            List<SampledTriggerAsr> sampled = new ArrayList<>();
            for (SampledTriggers s : request.sampledTriggers() != null ? request.sampledTriggers() : List.<SampledTriggers>of()) {
                sampled.add(new SampledTriggerAsr(s.targetClass(), sampledAsr(evaluator, classifier, images, s,
                        data.shape().channels(), request.seed())));
            }
            List<Double> perClass = Arrays.stream(accuracy.perClassAccuracy())
                    .mapToObj(a -> Double.isNaN(a) ? null : a).toList();
            return new EvaluationOutcome(request.modelKey(), accuracy.accuracy(), asr, perClass, sampled);
        }
    }

    private double sampledAsr(ClassifierEvaluator evaluator, Classifier classifier, ImageDataset images,
                              SampledTriggers sampled, int channels, long seed) {
        try (RetrainTriggers triggers = RetrainTriggers.open(TriggerSource.generators(sampled.generatorKeys(),
                TriggerSource.UNIFORM), resources, channels)) {
            if (!triggers.generatorTargetClasses().equals(Set.of(sampled.targetClass()))) {
                throw new IllegalArgumentException("sampledTriggers for class " + sampled.targetClass() + " name"
                        + " generators trained for classes " + triggers.generatorTargetClasses());
            }
            return evaluator.attackSuccessRate(classifier, images, triggers.source(), sampled.targetClass(),
                    StampingRule.PER_SAMPLE, seed).attackSuccessRate();
        }
    }
}
