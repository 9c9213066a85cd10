package dev.mesa.workflows;

import dev.mesa.workflows.activity.FailureTypes;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;

import java.time.Duration;

/**
 * Every {@link ActivityOptions} the workflows use. Training activities heartbeat at least once a minute (a step
 * takes seconds), so a 2-minute heartbeat timeout detects a dead worker quickly while the start-to-close timeout
 * only bounds a runaway attempt. Retries are bounded (exponential backoff) and never retry the
 * {@link FailureTypes#NON_RETRYABLE} failures. None of these sets a task queue: training options are pointed at
 * the input's training queue by {@link ActivityStubs}, the others run on the workflow's queue.
 */
public final class ActivityOptionsCatalog {
    public static final Duration TRAINING_HEARTBEAT = Duration.ofMinutes(2);

    /** Long activities: first retry after 10 s, then doubling up to 5 min, 5 attempts in all. */
    public static final RetryOptions TRAINING_RETRY = RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(10))
            .setBackoffCoefficient(2.0)
            .setMaximumInterval(Duration.ofMinutes(5))
            .setMaximumAttempts(5)
            .setDoNotRetry(FailureTypes.NON_RETRYABLE.toArray(new String[0]))
            .build();

    /**
     * Short activities: first retry after 1 s, then doubling up to 1 min, 10 attempts in all: about 4 minutes of
     * retries, so a short activity rides out a full or unwritable artifact store for as long as a training one
     * (whose 5 attempts span 2.5 minutes of backoff plus the attempts themselves) instead of failing its trigger.
     */
    public static final RetryOptions SHORT_RETRY = RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setBackoffCoefficient(2.0)
            .setMaximumInterval(Duration.ofMinutes(1))
            .setMaximumAttempts(10)
            .setDoNotRetry(FailureTypes.NON_RETRYABLE.toArray(new String[0]))
            .build();

    /** {@code trainClassifier}: a ResNet-18 from scratch on a CPU can take most of a day. */
    public static final ActivityOptions CLASSIFIER_TRAINING = training(Duration.ofHours(12));
    /** {@code injectBackdoor}: poison fine-tuning, 10 epochs. */
    public static final ActivityOptions BACKDOOR_INJECTION = training(Duration.ofHours(6));
    /** {@code trainGenerator}: one MESA generator, about 620 steps. */
    public static final ActivityOptions GENERATOR_TRAINING = training(Duration.ofHours(4));
    /** {@code reverseTrigger}: one baseline round. */
    public static final ActivityOptions TRIGGER_REVERSAL = training(Duration.ofHours(2));
    /** {@code retrain}: fine-tuning with sampled triggers, 10 epochs. */
    public static final ActivityOptions RETRAINING = training(Duration.ofHours(6));

    /** {@code evaluate}: a pass over the 2,000-image evaluation split; heartbeats because it can pass a minute. */
    public static final ActivityOptions EVALUATION = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofHours(1))
            .setHeartbeatTimeout(TRAINING_HEARTBEAT)
            .setRetryOptions(SHORT_RETRY)
            .build();
    /**
     * {@code describeInputs}: lists an image folder's class folders and decodes one image, reads a model file's
     * header or imports a user's model file (reads, probes and stores it: seconds even for a large network),
     * extracting an image-folder archive into the worker's cache the first time, hence the margin.
     */
    public static final ActivityOptions INPUT_DESCRIPTION = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(15))
            .setRetryOptions(SHORT_RETRY)
            .build();
    /** {@code detectTargets}: arithmetic over a few numbers. */
    public static final ActivityOptions DETECTION_RULE = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(1))
            .setRetryOptions(SHORT_RETRY)
            .build();
    /** {@code writeReport}: two small files. */
    public static final ActivityOptions REPORT_WRITING = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(5))
            .setRetryOptions(SHORT_RETRY)
            .build();

    private ActivityOptionsCatalog() {}

    private static ActivityOptions training(Duration startToClose) {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(startToClose)
                .setHeartbeatTimeout(TRAINING_HEARTBEAT)
                .setRetryOptions(TRAINING_RETRY)
                .build();
    }

    /** {@code options} sent to {@code taskQueue}. */
    public static ActivityOptions onQueue(ActivityOptions options, String taskQueue) {
        return ActivityOptions.newBuilder(options).setTaskQueue(taskQueue).build();
    }
}
