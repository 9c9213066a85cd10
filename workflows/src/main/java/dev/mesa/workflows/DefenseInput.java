package dev.mesa.workflows;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.ModelSpec;
import dev.mesa.workflows.activity.RetrainSettings;
import dev.mesa.workflows.activity.TriggerSource;
import dev.mesa.workflows.activity.TriggerSpec;
import dev.mesa.workflows.input.CapturesUnknownFields;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Input of {@link DefenseWorkflow}. Null fields take the defaults of {@link #withDefaults()}; the class count comes
 * from the data ({@link #withClassCount}).
 *
 * @param defenseId             names the run: workflow id {@code defense/<defenseId>}, report key likewise
 * @param modelKey              the suspect model, when mesa made it: an artifact key or an absolute path to a
 *                              {@code .mesa-model} file (give this or {@code model}). Once the run has imported a
 *                              {@code model} file, the key of its stored copy
 * @param dataset               the dataset the model was trained on (its test split is split into defence and
 *                              evaluation parts by the activities)
 * @param numClasses            optional: number of classes; the run uses the dataset's own count (fixed by the
 *                              kind, or an image folder's class folders) and refuses a different number here
 * @param candidateClasses      classes to examine (default: all)
 * @param triggerSize           side of the square trigger to model (default 3)
 * @param mesa                  MESA settings
 * @param retrain               retraining settings
 * @param originalTrigger       the attack's trigger when known (experiments): used to measure ASR and choose β
 * @param originalTargetClass   its target class; required with {@code originalTrigger}
 * @param ensembleMixing        how the ensemble (variant {@code ensemble}) mixes its generators: {@code uniform}
 *                              (default: each sample from a uniformly drawn generator), {@code entropy} (drawn with
 *                              weight ∝ e^{Î}, Algorithm 1), {@code cycle} (one generator per epoch, in β order) or
 *                              {@code reference-cycle} (the reference code's: one generator per epoch from the highest β
 *                              down, every level, skipped ones included)
 * @param seed                  root of every derived seed (default 0; see {@link SeedRule})
 * @param maxParallelActivities activities in flight at once (default 4)
 * @param trainingTaskQueue     task queue of the training activities (default {@link TaskQueues#DEFAULT})
 * @param mode                  {@link #AUDIT}: detection, the staircase and the ensemble's retraining only, judged by
 *                              clean accuracy and the ASR of the generators' own samples (the default without
 *                              {@code originalTrigger}); {@link #EXPERIMENT}: every β's retraining too (the default
 *                              with {@code originalTrigger})
 * @param model                 the suspect model as the user's own file ({@link ModelSpec}: TorchScript, its input
 *                              size and normalisation), instead of {@code modelKey}; the dataset's images are then
 *                              resized to its {@code inputSize} unless {@code dataset.resize} says otherwise
 * @param extraEnsembles        ensembles retrained and reported beside {@code ensemble}, each under variant
 *                              {@code ensemble-<mixing>} (default none), e.g. {@code ["reference-cycle"]} to compare
 *                              the authors' ensemble with the uniform one
 * @param unknownFields         JSON fields that match none of the above, kept only to be refused
 *                              ({@link CapturesUnknownFields})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DefenseInput(String defenseId, String modelKey, DatasetSpec dataset, Integer numClasses,
                           List<Integer> candidateClasses, Integer triggerSize, MesaSettings mesa,
                           RetrainSettings retrain, TriggerSpec originalTrigger, Integer originalTargetClass,
                           String ensembleMixing, Long seed, Integer maxParallelActivities,
                           String trainingTaskQueue, String mode, ModelSpec model, List<String> extraEnsembles,
                           @JsonAnySetter @JsonIgnore Map<String, Object> unknownFields)
        implements DataDescribedInput<DefenseInput>, CapturesUnknownFields {

    /** Mode of a defence whose trigger is unknown: detection, staircase, the ensemble's retraining. */
    public static final String AUDIT = "audit";
    /** Mode of a defence with the attack known: every β retrained, so the variants can be compared. */
    public static final String EXPERIMENT = "experiment";
    public static final List<String> MODES = List.of(AUDIT, EXPERIMENT);

    public DefenseInput {
        unknownFields = CapturesUnknownFields.copyOf(unknownFields);
        extraEnsembles = extraEnsembles != null ? List.copyOf(extraEnsembles) : null;
    }

    public DefenseInput(String defenseId, String modelKey, DatasetSpec dataset, Integer numClasses,
                        List<Integer> candidateClasses, Integer triggerSize, MesaSettings mesa, RetrainSettings retrain,
                        TriggerSpec originalTrigger, Integer originalTargetClass, String ensembleMixing, Long seed,
                        Integer maxParallelActivities, String trainingTaskQueue) {
        this(defenseId, modelKey, dataset, numClasses, candidateClasses, triggerSize, mesa, retrain, originalTrigger,
                originalTargetClass, ensembleMixing, seed, maxParallelActivities, trainingTaskQueue, null, null, null, Map.of());
    }

    /** This input in {@code newMode} ({@link #AUDIT} or {@link #EXPERIMENT}). */
    public DefenseInput withMode(String newMode) {
        return new DefenseInput(defenseId, modelKey, dataset, numClasses, candidateClasses, triggerSize, mesa, retrain,
                originalTrigger, originalTargetClass, ensembleMixing, seed, maxParallelActivities, trainingTaskQueue,
                newMode, model, extraEnsembles, unknownFields);
    }

    /** Whether this (defaulted) input is an audit. */
    public boolean audits() {
        return AUDIT.equals(mode);
    }

    public DefenseInput(String defenseId, String modelKey, DatasetSpec dataset, Integer numClasses,
                        List<Integer> candidateClasses, Integer triggerSize, MesaSettings mesa, RetrainSettings retrain,
                        TriggerSpec originalTrigger, Integer originalTargetClass, String ensembleMixing, Long seed,
                        Integer maxParallelActivities, String trainingTaskQueue, ModelSpec model) {
        this(defenseId, modelKey, dataset, numClasses, candidateClasses, triggerSize, mesa, retrain, originalTrigger,
                originalTargetClass, ensembleMixing, seed, maxParallelActivities, trainingTaskQueue, null, model, null,
                Map.of());
    }

    /**
     * Every default filled in except the class count when only the data can tell it (an image folder): then
     * {@code numClasses} stays null until {@link #withClassCount}, and so does the default of {@code candidateClasses}.
     */
    @Override
    public DefenseInput withDefaults() {
        DatasetSpec data = dataset == null ? null : model != null && model.inputSize() != null
                ? dataset.forModelInput(model.inputSize()).withDefaults() : dataset.withDefaults();
        Integer known = data != null ? data.knownClassCount() : null;
        Integer classes = numClasses != null ? numClasses : known;
        return new DefenseInput(defenseId, modelKey, data, classes, allClassesUnlessGiven(classes),
                triggerSize != null ? triggerSize : 3,
                mesa != null ? mesa.withDefaults() : MesaSettings.defaults(),
                retrain != null ? retrain.withDefaults() : RetrainSettings.defaults(),
                originalTrigger != null ? originalTrigger.withDefaults() : null, originalTargetClass,
                ensembleMixing != null ? ensembleMixing : TriggerSource.UNIFORM, seed != null ? seed : 0L,
                maxParallelActivities != null ? maxParallelActivities : 4,
                trainingTaskQueue != null ? trainingTaskQueue : TaskQueues.DEFAULT,
                mode != null ? mode : originalTrigger != null ? EXPERIMENT : AUDIT, model,
                extraEnsembles != null ? extraEnsembles : List.of(), Map.of());
    }

    /** This input with the run's class count: {@code classes}, which a declared {@code numClasses} must equal. */
    @Override
    public DefenseInput withClassCount(int classes) {
        ClassCounts.requireDeclaredMatches(numClasses, classes);
        return new DefenseInput(defenseId, modelKey, dataset, classes, allClassesUnlessGiven(classes), triggerSize,
                mesa, retrain, originalTrigger, originalTargetClass, ensembleMixing, seed, maxParallelActivities,
                trainingTaskQueue, mode, model, extraEnsembles, Map.of());
    }

    /**
     * This (validated) input with {@code storedKey}, the artifact key under which the run's first activity stored
     * the {@code model} file, as its {@code modelKey}: every later step names the model by it. Unchanged when the
     * input names no model file.
     */
    @Override
    public DefenseInput withImportedModel(String storedKey) {
        if (model == null) {
            return this;
        }
        if (storedKey == null) {
            throw new IllegalArgumentException("the worker did not import the model file " + model.path()
                    + ": is it running an older mesa than the client?");
        }
        return new DefenseInput(defenseId, storedKey, dataset, numClasses, candidateClasses, triggerSize, mesa,
                retrain, originalTrigger, originalTargetClass, ensembleMixing, seed, maxParallelActivities,
                trainingTaskQueue, mode, model, extraEnsembles, Map.of());
    }

    private List<Integer> allClassesUnlessGiven(Integer classes) {
        if (candidateClasses != null) {
            return List.copyOf(candidateClasses);
        }
        return classes != null ? IntStream.range(0, Math.max(classes, 0)).boxed().toList() : null;
    }

    /**
     * Checks every field of a {@link #withDefaults()} input. While the class count is unknown (null
     * {@code numClasses}), class indices are checked only for being distinct and non-negative: the rest waits for
     * {@link #withClassCount}.
     */
    @Override
    public DefenseInput validate() {
        WorkflowIds.requireValid("defenseId", defenseId);
        boolean keyGiven = modelKey != null && !modelKey.isBlank();
        if (keyGiven == (model != null)) {
            throw new IllegalArgumentException(keyGiven ? "give modelKey or model, not both" : "a model is required:"
                    + " modelKey (a model mesa trained: an artifact key or an absolute .mesa-model path) or model (your"
                    + " own file, e.g. {\"format\": \"torchscript\", \"path\": \"/models/suspect.pt\", \"inputSize\":"
                    + " 32, \"mean\": [...], \"std\": [...]})");
        }
        if (dataset == null) {
            throw new IllegalArgumentException("dataset is required, e.g. {\"kind\": \"cifar10\"}");
        }
        dataset.validate();
        if (model != null) {
            model.validate();
            if (!model.inputSize().equals(dataset.imageSize())) {
                throw new IllegalArgumentException("dataset.imageSize is " + dataset.imageSize() + " but the model"
                        + " takes " + model.inputSize() + "x" + model.inputSize() + " images: leave dataset.imageSize"
                        + " out (the images are resized to model.inputSize)");
            }
        }
        ClassCounts.check(numClasses, dataset);
        if (candidateClasses != null) {
            ClassCounts.checkIndices("candidateClasses", candidateClasses, numClasses);
        }
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
            ClassCounts.checkIndices("originalTargetClass", List.of(originalTargetClass), numClasses);
        }
        if (!TriggerSource.ENSEMBLE_MIXINGS.contains(ensembleMixing)) {
            throw new IllegalArgumentException("ensembleMixing must be one of " + TriggerSource.ENSEMBLE_MIXINGS
                    + ", got " + ensembleMixing);
        }
        ComparisonChoices.checkEnsembles(extraEnsembles);
        if (maxParallelActivities < 1) {
            throw new IllegalArgumentException("maxParallelActivities must be >= 1, got " + maxParallelActivities);
        }
        if (trainingTaskQueue.isBlank()) {
            throw new IllegalArgumentException("trainingTaskQueue must not be blank");
        }
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("mode must be one of " + MODES + ", got " + mode);
        }
        return this;
    }
}
