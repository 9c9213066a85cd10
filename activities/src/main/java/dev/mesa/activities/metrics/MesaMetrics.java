package dev.mesa.activities.metrics;

import dev.mesa.training.TrainingListener;
import dev.mesa.workflows.activity.ActivityNames;
import dev.mesa.workflows.activity.FailureTypes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Records the domain metrics of {@link MetricNames} on the registry the worker provides. */
public final class MesaMetrics {
    private final MeterRegistry registry;
    private final GaugeBoard gauges;

    /** Activity type names: the {@code activity} label of resumes and failures. */
    public static final List<String> TRAINING_ACTIVITIES = ActivityNames.TRAINING;
    public static final List<String> LOOPS = List.of(MetricNames.LOOP_CLEAN, MetricNames.LOOP_ATTACK,
            MetricNames.LOOP_MESA, MetricNames.LOOP_RETRAIN, MetricNames.LOOP_REVERSE);
    private static final List<String> SHORT_ACTIVITIES = ActivityNames.SHORT;

    /** With the default run retention ({@link MetricNames#DEFAULT_RUN_RETENTION}). */
    public MesaMetrics(MeterRegistry registry) {
        this(registry, new GaugeBoard(registry, MetricNames.DEFAULT_RUN_RETENTION, System::nanoTime));
    }

    /**
     * Registers every counter at zero for its known labels, so dashboards and rates see 0 rather than no data.
     * {@code gauges} holds the gauges (and expires the run-scoped ones).
     */
    public MesaMetrics(MeterRegistry registry, GaugeBoard gauges) {
        this.registry = registry;
        this.gauges = gauges;
        for (String loop : LOOPS) {
            registry.counter(MetricNames.STEPS, "loop", loop);
            registry.counter(MetricNames.EPOCHS, "loop", loop);
            registry.counter(MetricNames.CHECKPOINTS, "loop", loop);
        }
        TRAINING_ACTIVITIES.forEach(a -> registry.counter(MetricNames.RESUMES, "activity", a));
        for (String activity : concat(TRAINING_ACTIVITIES, SHORT_ACTIVITIES)) {
            FailureTypes.NON_RETRYABLE.forEach(type -> registry.counter(MetricNames.FAILURES, "activity", activity,
                    "type", type));
            registry.counter(MetricNames.FAILURES, "activity", activity, "type", FailureTypes.STORE_UNAVAILABLE);
        }
        for (String kind : MetricNames.ARTIFACT_KINDS) {
            registry.counter(MetricNames.QUARANTINED, "kind", kind);
            registry.counter(MetricNames.RECOMPUTED, "kind", kind);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A listener that records throughput, progress, steps, epochs and checkpoints of one run of {@code loop}. */
    public TrainingListener trainingListener(String loop) {
        return new TrainingMetricsListener(this, loop);
    }

    /**
     * Generator losses of one (class, β) over the last logging window while it trains: the hinge max(0, β − F), F,
     * the MINE estimate and, when the loop reports it, the hard ASR of the logged batches (null: keep the last).
     */
    public void generatorTraining(String run, int targetClass, double beta, double hingeLoss, double testingFunction,
                                  double mutualInformation, Double batchAsr) {
        Tags tags = generatorTags(run, targetClass, beta);
        gauges.set(MetricNames.GENERATOR_HINGE_LOSS, tags, hingeLoss);
        gauges.set(MetricNames.GENERATOR_TESTING_FUNCTION, tags, testingFunction);
        gauges.set(MetricNames.GENERATOR_MUTUAL_INFORMATION, tags, mutualInformation);
        if (batchAsr != null) {
            gauges.set(MetricNames.GENERATOR_SAMPLE_ASR, tags, batchAsr);
        }
    }

    /** A trained generator's measured report, for {@code run} (null: none). */
    public void generatorResult(String run, int targetClass, double beta, double testingFunction, double sampleAsr,
                                double mutualInformation) {
        Tags tags = generatorTags(run, targetClass, beta);
        gauges.set(MetricNames.GENERATOR_HINGE_LOSS, tags, Math.max(0, beta - testingFunction));
        gauges.set(MetricNames.GENERATOR_TESTING_FUNCTION, tags, testingFunction);
        gauges.set(MetricNames.GENERATOR_MUTUAL_INFORMATION, tags, mutualInformation);
        gauges.set(MetricNames.GENERATOR_SAMPLE_ASR, tags, sampleAsr);
    }

    /** An evaluated model of {@code run}; the ASR gauge only when a trigger was measured. */
    public void evaluation(String run, String trigger, VariantLabels labels, double cleanAccuracy, Double asr) {
        Tags tags = Tags.of(MetricNames.RUN, run != null ? run : VariantLabels.NONE, "trigger", trigger, "phase",
                labels.phase(), "beta", labels.beta());
        gauges.set(MetricNames.CLEAN_ACCURACY, tags, cleanAccuracy);
        if (asr != null) {
            gauges.set(MetricNames.ASR, tags, asr);
        }
    }

    /** A stored file of {@code kind} failed its checks and was moved aside (see {@link MetricNames#ARTIFACT_KINDS}). */
    public void quarantined(String kind) {
        registry.counter(MetricNames.QUARANTINED, "kind", kind).increment();
    }

    /** What the artifact store reports, counted: {@code new ArtifactStore(root, metrics.storeEvents())}. */
    public dev.mesa.activities.store.StoreEvents storeEvents() {
        return (kind, run, movedTo, problem) -> quarantined(kind);
    }

    /** A damaged input of {@code kind} was recomputed by the activity that needed it. */
    public void recomputed(String kind) {
        registry.counter(MetricNames.RECOMPUTED, "kind", kind).increment();
    }

    public void resumed(String activity) {
        registry.counter(MetricNames.RESUMES, "activity", activity).increment();
    }

    public void failed(String activity, String type) {
        registry.counter(MetricNames.FAILURES, "activity", activity, "type", type).increment();
    }

    /** A loop of this process ended (done, failed or stopped): its throughput drops to 0, its progress stays. */
    public void loopEnded(String loop) {
        gauges.set(MetricNames.THROUGHPUT, Tags.of("loop", loop), 0);
    }

    /** The {@code trigger} label of a trigger spec: its label for the built-in kinds, {@code custom} for a file. */
    public static String triggerLabel(dev.mesa.workflows.activity.TriggerSpec trigger) {
        return dev.mesa.workflows.activity.TriggerSpec.FILE.equals(trigger.kind()) ? "custom" : trigger.label();
    }

    void loopProgress(String loop, double imagesPerSecond, double fraction, long newSteps) {
        gauges.set(MetricNames.THROUGHPUT, Tags.of("loop", loop), imagesPerSecond);
        gauges.set(MetricNames.PROGRESS, Tags.of("loop", loop), fraction);
        registry.counter(MetricNames.STEPS, "loop", loop).increment(newSteps);
    }

    void epochEnded(String loop) {
        registry.counter(MetricNames.EPOCHS, "loop", loop).increment();
    }

    void checkpointWritten(String loop) {
        registry.counter(MetricNames.CHECKPOINTS, "loop", loop).increment();
    }

    /** {@code 0.9}, {@code 0.5}: the β label as the variant names print it. */
    public static String betaLabel(double beta) {
        return BigDecimal.valueOf(beta).stripTrailingZeros().toPlainString();
    }

    /** The generator gauges' labels: the run (so two sweeps keep separate series, expired with the run), class, β. */
    private static Tags generatorTags(String run, int targetClass, double beta) {
        return Tags.of(MetricNames.RUN, run != null ? run : VariantLabels.NONE, "target_class",
                Integer.toString(targetClass), "beta", betaLabel(beta));
    }
}
