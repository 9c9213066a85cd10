package dev.mesa.workflows;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.RetrainSettings;
import dev.mesa.workflows.activity.TriggerSource;
import dev.mesa.workflows.activity.TriggerSpec;

import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Input of {@link DefenseWorkflow}. Null fields take the defaults of {@link #withDefaults()}.
 *
 * @param defenseId             names the run: workflow id {@code defense/<defenseId>}, report key likewise
 * @param modelKey              the suspect model: an artifact key or an absolute path to a model file
 * @param dataset               the dataset the model was trained on (its test split is split into defence and
 *                              evaluation parts by the activities)
 * @param numClasses            number of classes (default: fixed by the dataset kind, else 10)
 * @param candidateClasses      classes to examine (default: all)
 * @param triggerSize           side of the square trigger to model (default 3)
 * @param mesa                  MESA settings
 * @param retrain               retraining settings
 * @param originalTrigger       the attack's trigger when known (experiments): used to measure ASR and choose β
 * @param originalTargetClass   its target class; required with {@code originalTrigger}
 * @param ensembleMixing        how the ensemble mixes its generators: {@code uniform} (default) or {@code cycle}
 * @param seed                  root of every derived seed (default 0; see {@link SeedRule})
 * @param maxParallelActivities activities in flight at once (default 4)
 * @param trainingTaskQueue     task queue of the training activities (default {@link TaskQueues#DEFAULT})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DefenseInput(String defenseId, String modelKey, DatasetSpec dataset, Integer numClasses,
                           List<Integer> candidateClasses, Integer triggerSize, MesaSettings mesa,
                           RetrainSettings retrain, TriggerSpec originalTrigger, Integer originalTargetClass,
                           String ensembleMixing, Long seed, Integer maxParallelActivities,
                           String trainingTaskQueue) {

    public DefenseInput withDefaults() {
        DatasetSpec data = dataset != null ? dataset.withDefaults() : null;
        Integer known = data != null ? data.knownClassCount() : null;
        int classes = numClasses != null ? numClasses : known != null ? known : 10;
        List<Integer> candidates = candidateClasses != null ? List.copyOf(candidateClasses)
                : IntStream.range(0, Math.max(classes, 0)).boxed().toList();
        return new DefenseInput(defenseId, modelKey, data, classes, candidates,
                triggerSize != null ? triggerSize : 3,
                mesa != null ? mesa.withDefaults() : MesaSettings.defaults(),
                retrain != null ? retrain.withDefaults() : RetrainSettings.defaults(),
                originalTrigger != null ? originalTrigger.withDefaults() : null, originalTargetClass,
                ensembleMixing != null ? ensembleMixing : TriggerSource.UNIFORM, seed != null ? seed : 0L,
                maxParallelActivities != null ? maxParallelActivities : 4,
                trainingTaskQueue != null ? trainingTaskQueue : TaskQueues.DEFAULT);
    }

    public DefenseInput validate() {
        WorkflowIds.requireValid("defenseId", defenseId);
        if (modelKey == null || modelKey.isBlank()) {
            throw new IllegalArgumentException("modelKey is required: an artifact key or an absolute model path");
        }
        if (dataset == null) {
            throw new IllegalArgumentException("dataset is required, e.g. {\"kind\": \"cifar10\"}");
        }
        dataset.validate();
        Integer known = dataset.knownClassCount();
        if (numClasses < 2 || (known != null && !known.equals(numClasses))) {
            throw new IllegalArgumentException("numClasses must be >= 2" + (known != null ? " and equal to the "
                    + dataset.kind() + " class count " + known : "") + ", got " + numClasses);
        }
        checkClasses("candidateClasses", candidateClasses);
        if (triggerSize < 1 || triggerSize >= dataset.imageSize()) {
            throw new IllegalArgumentException("triggerSize must be in [1, imageSize), got " + triggerSize);
        }
        mesa.validate();
        retrain.validate();
        if ((originalTrigger == null) != (originalTargetClass == null)) {
            throw new IllegalArgumentException("originalTrigger and originalTargetClass go together: give both or neither");
        }
        if (originalTrigger != null) {
            originalTrigger.validate();
            checkClasses("originalTargetClass", List.of(originalTargetClass));
        }
        if (!List.of(TriggerSource.UNIFORM, TriggerSource.CYCLE).contains(ensembleMixing)) {
            throw new IllegalArgumentException("ensembleMixing must be uniform or cycle, got " + ensembleMixing);
        }
        if (maxParallelActivities < 1) {
            throw new IllegalArgumentException("maxParallelActivities must be >= 1, got " + maxParallelActivities);
        }
        if (trainingTaskQueue.isBlank()) {
            throw new IllegalArgumentException("trainingTaskQueue must not be blank");
        }
        return this;
    }

    private void checkClasses(String field, List<Integer> classes) {
        if (classes.isEmpty() || new HashSet<>(classes).size() != classes.size()
                || classes.stream().anyMatch(c -> c == null || c < 0 || c >= numClasses)) {
            throw new IllegalArgumentException(field + " must be distinct class indices in [0, " + numClasses
                    + "), got " + classes);
        }
    }
}
