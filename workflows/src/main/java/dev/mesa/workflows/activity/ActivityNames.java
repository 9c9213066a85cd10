package dev.mesa.workflows.activity;

import java.util.List;

/**
 * The activity type names on the wire, one constant each: the interfaces name their methods with them
 * ({@code @ActivityMethod(name = ...)}), the workflows key per-activity options by them, the activities label their
 * metrics and failures with them. They are the names Temporal would derive from the methods, so histories recorded
 * before these constants replay unchanged.
 */
public final class ActivityNames {
    public static final String TRAIN_CLASSIFIER = "TrainClassifier";
    public static final String INJECT_BACKDOOR = "InjectBackdoor";
    public static final String DESCRIBE_INPUTS = "DescribeInputs";
    public static final String TRAIN_GENERATOR = "TrainGenerator";
    public static final String DETECT_TARGETS = "DetectTargets";
    public static final String REVERSE_TRIGGER = "ReverseTrigger";
    public static final String RETRAIN = "Retrain";
    public static final String EVALUATE = "Evaluate";
    public static final String WRITE_REPORT = "WriteReport";

    /** The long activities, which run a training loop, heartbeat and resume from a checkpoint. */
    public static final List<String> TRAINING = List.of(TRAIN_CLASSIFIER, INJECT_BACKDOOR, TRAIN_GENERATOR,
            REVERSE_TRIGGER, RETRAIN);
    /** The short ones. */
    public static final List<String> SHORT = List.of(DESCRIBE_INPUTS, DETECT_TARGETS, EVALUATE, WRITE_REPORT);

    private ActivityNames() {}
}
