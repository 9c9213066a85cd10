package dev.mesa.workflows;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mesa.workflows.activity.AttackSettings;
import dev.mesa.workflows.activity.ClassifierSettings;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.ModelSpec;
import dev.mesa.workflows.activity.RetrainSettings;
import dev.mesa.workflows.activity.TriggerSpec;
import dev.mesa.workflows.input.CapturesUnknownFields;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Input of {@link SweepWorkflow}. Null fields take the defaults of {@link #withDefaults()}; the class count comes
 * from the data ({@link #withClassCount}).
 *
 * @param sweepId               names the run: workflow id {@code sweep/<sweepId>}, children {@code <sweepId>/trigger-...}
 * @param triggerSet            {@code bw51} or {@code color10} ({@link TriggerSets}); leave null to list {@code triggers}
 * @param triggers              an explicit trigger list (instead of {@code triggerSet})
 * @param dataset               the dataset
 * @param numClasses            optional: number of classes; the run uses the dataset's own count (fixed by the
 *                              kind, or an image folder's class folders; a given {@code modelKey} must have as many
 *                              outputs) and refuses a different number here
 * @param classifier            how to train the clean model (default {@link ClassifierSettings#defaults()}); ignored
 *                              when {@code modelKey} is given
 * @param modelKey              an existing clean model (artifact key or absolute path) instead of training one
 * @param attack                the attack
 * @param mesa                  MESA settings of every defence
 * @param retrain               retraining settings shared by MESA, baseline and ideal
 * @param baselineRounds        reversed-trigger rounds per trigger (default 3)
 * @param maxParallelTriggers   trigger experiments in flight at once (default 2)
 * @param maxParallelActivities activities in flight at once inside one trigger experiment (default 4)
 * @param trainingTaskQueue     task queue of the training activities (default {@link TaskQueues#DEFAULT})
 * @param seed                  root of every derived seed (default 0; see {@link SeedRule})
 * @param maxTriggersPerRun     optional: continue as new after starting this many triggers (besides whenever
 *                              Temporal suggests it), to keep each run's history short
 * @param checkpoint            carried over by continue-as-new; leave it out
 * @param baselineProtocols     the reversal protocols of the baseline, each run for {@code baselineRounds} rounds and
 *                              reported on its own: {@code mesa} (default: raw pixels, clipped every step, 3 epochs
 *                              over the defence split) and/or {@code reference} (the authors' notebook)
 * @param extraEnsembles        ensembles retrained and reported beside each defence's uniform one (default none):
 *                              any of {@code cycle}, {@code entropy}, {@code reference-cycle}, {@code uniform}
 *                              ({@link DefenseInput})
 * @param unknownFields         JSON fields that match none of the above, kept only to be refused
 *                              ({@link CapturesUnknownFields})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SweepInput(String sweepId, String triggerSet, List<TriggerSpec> triggers, DatasetSpec dataset,
                         Integer numClasses, ClassifierSettings classifier, String modelKey, AttackSettings attack,
                         MesaSettings mesa, RetrainSettings retrain, Integer baselineRounds,
                         Integer maxParallelTriggers, Integer maxParallelActivities, String trainingTaskQueue,
                         Long seed, Integer maxTriggersPerRun, SweepCheckpoint checkpoint,
                         List<String> baselineProtocols, List<String> extraEnsembles,
                         @JsonAnySetter @JsonIgnore Map<String, Object> unknownFields)
        implements DataDescribedInput<SweepInput>, CapturesUnknownFields {

    public SweepInput {
        unknownFields = CapturesUnknownFields.copyOf(unknownFields);
        baselineProtocols = baselineProtocols != null ? List.copyOf(baselineProtocols) : null;
        extraEnsembles = extraEnsembles != null ? List.copyOf(extraEnsembles) : null;
    }

    public SweepInput(String sweepId, String triggerSet, List<TriggerSpec> triggers, DatasetSpec dataset,
                      Integer numClasses, ClassifierSettings classifier, String modelKey, AttackSettings attack,
                      MesaSettings mesa, RetrainSettings retrain, Integer baselineRounds, Integer maxParallelTriggers,
                      Integer maxParallelActivities, String trainingTaskQueue, Long seed, Integer maxTriggersPerRun,
                      SweepCheckpoint checkpoint) {
        this(sweepId, triggerSet, triggers, dataset, numClasses, classifier, modelKey, attack, mesa, retrain,
                baselineRounds, maxParallelTriggers, maxParallelActivities, trainingTaskQueue, seed, maxTriggersPerRun,
                checkpoint, null, null, Map.of());
    }

    /** Sweeps train and backdoor their own models from {@code modelKey} or {@code classifier}: no model files. */
    @Override
    public ModelSpec model() {
        return null;
    }

    @Override
    public SweepInput withImportedModel(String storedKey) {
        return this;
    }

    /**
     * Every default filled in except the class count when only the data can tell it (an image folder): then
     * {@code numClasses} stays null until {@link #withClassCount}.
     */
    @Override
    public SweepInput withDefaults() {
        DatasetSpec data = dataset != null ? dataset.withDefaults() : null;
        Integer known = data != null ? data.knownClassCount() : null;
        return new SweepInput(sweepId, triggerSet,
                triggers != null ? triggers.stream().map(t -> t != null ? t.withDefaults() : null).toList() : null,
                data, numClasses != null ? numClasses : known,
                modelKey != null ? null : classifier != null ? classifier.withDefaults() : ClassifierSettings.defaults(),
                modelKey, attack != null ? attack.withDefaults() : AttackSettings.defaults(),
                mesa != null ? mesa.withDefaults() : MesaSettings.defaults(),
                retrain != null ? retrain.withDefaults() : RetrainSettings.defaults(),
                baselineRounds != null ? baselineRounds : 3, maxParallelTriggers != null ? maxParallelTriggers : 2,
                maxParallelActivities != null ? maxParallelActivities : 4,
                trainingTaskQueue != null ? trainingTaskQueue : TaskQueues.DEFAULT, seed != null ? seed : 0L,
                maxTriggersPerRun, checkpoint, baselineProtocols, extraEnsembles, Map.of());
    }

    /** This input with the run's class count: {@code classes}, which a declared {@code numClasses} must equal. */
    @Override
    public SweepInput withClassCount(int classes) {
        ClassCounts.requireDeclaredMatches(numClasses, classes);
        return new SweepInput(sweepId, triggerSet, triggers, dataset, classes, classifier, modelKey, attack, mesa,
                retrain, baselineRounds, maxParallelTriggers, maxParallelActivities, trainingTaskQueue, seed,
                maxTriggersPerRun, checkpoint, baselineProtocols, extraEnsembles, Map.of());
    }

    /**
     * Checks every field of a {@link #withDefaults()} input. While the class count is unknown (null
     * {@code numClasses}), {@code attack.targetClass} is checked only for being non-negative: the rest waits for
     * {@link #withClassCount}.
     */
    @Override
    public SweepInput validate() {
        WorkflowIds.requireValid("sweepId", sweepId);
        if (dataset == null) {
            throw new IllegalArgumentException("dataset is required, e.g. {\"kind\": \"cifar10\"}");
        }
        dataset.validate();
        List<TriggerSpec> all = resolvedTriggers();
        for (TriggerSpec t : all) {
            if (t == null) {
                throw new IllegalArgumentException("triggers must not contain null entries");
            }
            t.validate();
            if (t.size() >= dataset.imageSize()) {
                throw new IllegalArgumentException("trigger " + t.label() + " is not smaller than the images");
            }
        }
        if (new HashSet<>(all.stream().map(TriggerSpec::label).toList()).size() != all.size()) {
            throw new IllegalArgumentException("triggers must have distinct kind-id labels (they name the child workflows)");
        }
        ClassCounts.check(numClasses, dataset);
        if (modelKey == null) {
            classifier.validate();
        } else if (modelKey.isBlank()) {
            throw new IllegalArgumentException("modelKey must not be blank: leave it out to train a clean model");
        }
        attack.validate();
        if (numClasses != null && attack.targetClass() >= numClasses) {
            throw new IllegalArgumentException("attack.targetClass must be < numClasses " + numClasses + ", got "
                    + attack.targetClass());
        }
        mesa.validate();
        retrain.validate();
        requireAtLeast("baselineRounds", baselineRounds, 0);
        requireAtLeast("maxParallelTriggers", maxParallelTriggers, 1);
        requireAtLeast("maxParallelActivities", maxParallelActivities, 1);
        if (maxTriggersPerRun != null) {
            requireAtLeast("maxTriggersPerRun", maxTriggersPerRun, 1);
        }
        if (trainingTaskQueue.isBlank()) {
            throw new IllegalArgumentException("trainingTaskQueue must not be blank");
        }
        ComparisonChoices.checkBaselines(baselineProtocols);
        ComparisonChoices.checkEnsembles(extraEnsembles);
        return this;
    }

    /** The triggers of {@code triggerSet}, or the explicit {@code triggers}. */
    public List<TriggerSpec> resolvedTriggers() {
        boolean named = triggerSet != null;
        boolean listed = triggers != null && !triggers.isEmpty();
        if (named == listed) {
            throw new IllegalArgumentException("give exactly one of triggerSet (" + TriggerSets.NAMES
                    + ") or a non-empty triggers list");
        }
        return named ? TriggerSets.named(triggerSet) : triggers;
    }

    /** This input carrying {@code next} into the next run. */
    SweepInput withCheckpoint(SweepCheckpoint next) {
        return new SweepInput(sweepId, triggerSet, triggers, dataset, numClasses, classifier, modelKey, attack, mesa,
                retrain, baselineRounds, maxParallelTriggers, maxParallelActivities, trainingTaskQueue, seed,
                maxTriggersPerRun, next, baselineProtocols, extraEnsembles, Map.of());
    }

    private static void requireAtLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ", got " + value);
        }
    }
}
