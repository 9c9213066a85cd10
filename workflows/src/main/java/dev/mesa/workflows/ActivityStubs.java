package dev.mesa.workflows;

import dev.mesa.workflows.activity.ActivityNames;
import dev.mesa.workflows.activity.DefenseActivities;
import dev.mesa.workflows.activity.ModelActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;

import java.util.Map;

/**
 * Creates the activity stubs of a workflow, with the per-activity options of {@link ActivityOptionsCatalog};
 * training activities go to the given training queue. Call only from workflow code.
 */
final class ActivityStubs {
    private ActivityStubs() {}

    static ModelActivities model(String trainingQueue) {
        return Workflow.newActivityStub(ModelActivities.class,
                ActivityOptionsCatalog.onQueue(ActivityOptionsCatalog.CLASSIFIER_TRAINING, trainingQueue),
                modelOptions(trainingQueue));
    }

    static DefenseActivities defense(String trainingQueue) {
        return Workflow.newActivityStub(DefenseActivities.class, ActivityOptionsCatalog.EVALUATION,
                defenseOptions(trainingQueue));
    }

    /** The per-activity options of {@link ModelActivities} (the others take clean training's). */
    static Map<String, ActivityOptions> modelOptions(String trainingQueue) {
        return Map.of(ActivityNames.INJECT_BACKDOOR,
                ActivityOptionsCatalog.onQueue(ActivityOptionsCatalog.BACKDOOR_INJECTION, trainingQueue));
    }

    /** The per-activity options of {@link DefenseActivities} (the others take evaluation's). */
    static Map<String, ActivityOptions> defenseOptions(String trainingQueue) {
        return Map.of(
                ActivityNames.TRAIN_GENERATOR,
                ActivityOptionsCatalog.onQueue(ActivityOptionsCatalog.GENERATOR_TRAINING, trainingQueue),
                ActivityNames.REVERSE_TRIGGER,
                ActivityOptionsCatalog.onQueue(ActivityOptionsCatalog.TRIGGER_REVERSAL, trainingQueue),
                ActivityNames.RETRAIN, ActivityOptionsCatalog.onQueue(ActivityOptionsCatalog.RETRAINING, trainingQueue),
                ActivityNames.DESCRIBE_INPUTS, ActivityOptionsCatalog.INPUT_DESCRIPTION,
                ActivityNames.DETECT_TARGETS, ActivityOptionsCatalog.DETECTION_RULE,
                ActivityNames.WRITE_REPORT, ActivityOptionsCatalog.REPORT_WRITING);
    }
}
