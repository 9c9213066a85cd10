package dev.mesa.activities.metrics;

/**
 * Micrometer names of the domain metrics and the Prometheus names they are exported under (dots become
 * underscores; counters get {@code _total}), as docs/METRICS.md specifies them. The sweep gauges
 * {@code mesa_sweep_triggers{run,state}} and {@code mesa_sweep_eta_seconds{run}} come from workflow code through
 * Temporal's metrics scope (see the workflows module's {@code SweepMetrics}).
 */
public final class MetricNames {
    /**
     * The run label of the run-scoped gauges: the top-level workflow id of the run they belong to
     * ({@code sweep/<sweepId>}, or {@code defense/<defenseId>} for a defence started on its own). Bounded: a run's
     * series are removed once it was idle for the retention period ({@link GaugeBoard}).
     */
    public static final String RUN = "run";
    /** How long a run's gauges stay after its last update unless the worker is told otherwise. */
    public static final java.time.Duration DEFAULT_RUN_RETENTION = java.time.Duration.ofHours(1);

    /** {@code mesa_asr_ratio{run,trigger,phase,beta}}: ASR of the original trigger on the evaluation split. */
    public static final String ASR = "mesa.asr.ratio";
    /** {@code mesa_clean_accuracy_ratio{run,trigger,phase,beta}}. */
    public static final String CLEAN_ACCURACY = "mesa.clean.accuracy.ratio";
    /** {@code mesa_generator_hinge_loss{run,target_class,beta}}: mean max(0, β − F) of the latest logging window. */
    public static final String GENERATOR_HINGE_LOSS = "mesa.generator.hinge.loss";
    /** {@code mesa_generator_testing_function{run,target_class,beta}}: mean F(G(z)). */
    public static final String GENERATOR_TESTING_FUNCTION = "mesa.generator.testing.function";
    /** {@code mesa_generator_mutual_information_nats{run,target_class,beta}}: the MINE estimate. */
    public static final String GENERATOR_MUTUAL_INFORMATION = "mesa.generator.mutual.information.nats";
    /**
     * {@code mesa_generator_sample_asr_ratio{run,target_class,beta}}: hard ASR of the sampled triggers on the logged
     * batches while training, then the measured sample ASR on the defence split when it ends.
     */
    public static final String GENERATOR_SAMPLE_ASR = "mesa.generator.sample.asr.ratio";
    /** {@code mesa_training_throughput_images_per_second{loop}}: of this process's running loop, 0 when none runs. */
    public static final String THROUGHPUT = "mesa.training.throughput.images.per.second";
    /** {@code mesa_training_progress_ratio{loop}}: steps done / steps planned of the latest run of that loop. */
    public static final String PROGRESS = "mesa.training.progress.ratio";
    /** {@code mesa_training_steps_total{loop}}. */
    public static final String STEPS = "mesa.training.steps";
    /** {@code mesa_training_epochs_total{loop}}. */
    public static final String EPOCHS = "mesa.training.epochs";
    /** {@code mesa_checkpoints_written_total{loop}}. */
    public static final String CHECKPOINTS = "mesa.checkpoints.written";
    /** {@code mesa_activity_resumes_total{activity}}: attempts that continued from a checkpoint. */
    public static final String RESUMES = "mesa.activity.resumes";
    /** {@code mesa_activity_failures_total{activity,type}}: failed attempts by failure type. */
    public static final String FAILURES = "mesa.activity.failures";

    /**
     * {@code mesa_artifacts_quarantined_total{kind}}: stored files that failed their checks (checksum, manifest hash)
     * and were moved aside as {@code <name>.corrupt-<timestamp>} to be recomputed.
     */
    public static final String QUARANTINED = "mesa.artifacts.quarantined";
    /** {@code mesa_artifacts_recomputed_total{kind}}: damaged input artifacts recomputed by the activity that needed them. */
    public static final String RECOMPUTED = "mesa.artifacts.recomputed";

    /** Values of the {@code kind} label: the store's top-level kinds, and training checkpoints. */
    public static final java.util.List<String> ARTIFACT_KINDS = java.util.List.of("models", "generators", "triggers",
            "evaluations", "reports", "checkpoints");
    public static final String KIND_CHECKPOINTS = "checkpoints";

    /** Values of the {@code loop} label. */
    public static final String LOOP_CLEAN = "clean";
    public static final String LOOP_ATTACK = "attack";
    public static final String LOOP_MESA = "mesa";
    public static final String LOOP_RETRAIN = "retrain";
    public static final String LOOP_REVERSE = "reverse";

    private MetricNames() {}
}
