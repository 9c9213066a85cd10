package dev.mesa.workflows;

import dev.mesa.workflows.activity.DefenceActivities;
import dev.mesa.workflows.activity.ModelActivities;
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
                Map.of("InjectBackdoor",
                        ActivityOptionsCatalog.onQueue(ActivityOptionsCatalog.BACKDOOR_INJECTION, trainingQueue)));
    }

    static DefenceActivities defence(String trainingQueue) {
        return Workflow.newActivityStub(DefenceActivities.class, ActivityOptionsCatalog.EVALUATION, Map.of(
                "TrainGenerator", ActivityOptionsCatalog.onQueue(ActivityOptionsCatalog.GENERATOR_TRAINING, trainingQueue),
                "ReverseTrigger", ActivityOptionsCatalog.onQueue(ActivityOptionsCatalog.TRIGGER_REVERSAL, trainingQueue),
                "Retrain", ActivityOptionsCatalog.onQueue(ActivityOptionsCatalog.RETRAINING, trainingQueue),
                "DescribeInputs", ActivityOptionsCatalog.INPUT_DESCRIPTION,
                "DetectTargets", ActivityOptionsCatalog.DETECTION_RULE,
                "WriteReport", ActivityOptionsCatalog.REPORT_WRITING));
    }
}
