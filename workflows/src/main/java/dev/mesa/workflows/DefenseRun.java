package dev.mesa.workflows;

import dev.mesa.workflows.SeedRule.Stream;
import dev.mesa.workflows.activity.DefenseActivities;
import dev.mesa.workflows.activity.DetectTargetsRequest;
import dev.mesa.workflows.activity.DetectionOutcome;
import dev.mesa.workflows.activity.EvaluateRequest;
import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.ReportArtifact;
import dev.mesa.workflows.activity.RetrainRequest;
import dev.mesa.workflows.activity.SampledTriggers;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import dev.mesa.workflows.activity.TriggerSource;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of one defence, and what they produced so far (so a cancelled run can still report it).
 * Seeds: detection of class c uses {@code derive(seed, DETECTION, c)} (its scan and its continuation are one run);
 * the staircase generator of class c at the i-th β {@code derive(seed, STAIRCASE, c * 1000 + i)}; retraining of the
 * i-th β {@code derive(seed, RETRAIN, i)} and of the ensemble {@code derive(seed, RETRAIN, betas.size())}; every
 * evaluation the same {@code derive(seed, EVALUATION, 0)}, so all variants are measured on identical stamped images.
 *
 * <p>Three changes are versioned ({@code Workflow.getVersion}), so executions started before them replay as they ran:
 * {@link #DETECTION_SCAN} (detection by the input's protocol, a scan by default, with traces), {@link #AUDIT}
 * (an audit retrains the ensemble only and measures the generators' own samples) and {@link #PAPER_MEASUREMENT}
 * (generators measured as the paper measures them: the skip rule's E[F] without the search noise, figures reported
 * on the evaluation split; from its version 2, both figures from one pass per image set). Extra ensembles
 * ({@code extraEnsembles}) are retrained with
 * {@code derive(seed, RETRAIN, betas.size() + 1 + j)}; only inputs that ask for them schedule them.
 */
final class DefenseRun {
    /** Change id: version 1 runs detection by {@code mesa.detection} and asks for the generators' traces. */
    static final String DETECTION_SCAN = "detection-scan";
    /** Change id: version 1 runs an input in {@link DefenseInput#AUDIT} mode as an audit. */
    static final String AUDIT = "audit";
    /**
     * Change id: version 1 asks every generator for {@link TrainGeneratorRequest#PAPER_MEASUREMENT}, version 2 for
     * {@link TrainGeneratorRequest#ONE_PASS_MEASUREMENT} (the same figures from one pass per image set).
     */
    static final String PAPER_MEASUREMENT = "paper-measurement";

    private final DefenseInput input;
    private final MesaSettings mesa;
    private final DefenseActivities defense;
    private final ProgressTracker progress;
    private final BoundedLauncher launcher;
    private final String run = RunIdentity.run();
    /** The detection generator of each candidate class, in candidate order (a scan's until its class continues). */
    private final Map<Integer, GeneratorArtifact> detectionGenerators = new LinkedHashMap<>();
    private final List<GeneratorArtifact> generators = new ArrayList<>();
    private final List<VariantEvaluation> evaluations = new ArrayList<>();
    private DetectionOutcome scan;
    private DetectionOutcome detection;
    private boolean traced;
    private boolean audit;
    /** The measurement every generator request carries (null: the first release's, for executions before it). */
    private Integer measurement;

    DefenseRun(DefenseInput input, DefenseActivities defense, ProgressTracker progress) {
        this(input, defense, progress, null);
    }

    /**
     * A run whose stages hold back a last unit that would run alone beside nothing on a worker of {@code wideSlots}
     * slots that widens units ({@link BoundedLauncher#waves}); null: no worker said it widens units.
     */
    DefenseRun(DefenseInput input, DefenseActivities defense, ProgressTracker progress, Integer wideSlots) {
        this.input = input;
        this.mesa = input.mesa();
        this.defense = defense;
        this.progress = progress;
        this.launcher = new BoundedLauncher(input.maxParallelActivities(), wideSlots, progress);
    }

    DefenseResult execute() {
        measurement = switch (Workflow.getVersion(PAPER_MEASUREMENT, Workflow.DEFAULT_VERSION, 2)) {
            case 1 -> TrainGeneratorRequest.PAPER_MEASUREMENT;
            case 2 -> TrainGeneratorRequest.ONE_PASS_MEASUREMENT;
            default -> null;
        };
        detect();
        Map<String, String> models = new LinkedHashMap<>();
        models.put(VariantNames.BEFORE, input.modelKey());
        if (detection.attackedClasses().isEmpty()) {
            evaluate(models);
            String reason = "no class was flagged as attacked: the model was left as it is";
            return result(RunStatus.NO_ATTACK, VariantChoice.none(reason), writeReport(null, reason));
        }
        trainStaircase();
        audit = input.audits() && Workflow.getVersion(AUDIT, Workflow.DEFAULT_VERSION, 1) >= 1;
        models.putAll(retrain(repairVariants()));
        evaluate(models);
        VariantChoice choice = VariantChoice.choose(evaluations, input.originalTrigger() != null);
        return result(RunStatus.COMPLETED, choice, writeReport(choice.variant(), choice.reason()));
    }

    /**
     * Detection. Full protocol: every candidate class gets the whole budget. Scan: every class is searched for
     * {@code scanEpochs}, the rule says which classes are still open, and only those continue, from the scan's
     * checkpoint, to the whole budget (the same run: nothing is trained twice); the final rule sees the continued
     * classes' final generators and the others' scans.
     */
    private void detect() {
        traced = Workflow.getVersion(DETECTION_SCAN, Workflow.DEFAULT_VERSION, 1) >= 1;
        if (traced && mesa.scansDetection()) {
            progress.stage("detection scan");
            var scanned = launchDetection(input.candidateClasses(), "detection scan", c -> "scan class " + c,
                    mesa.scanEpochs());
            detectionGenerators.putAll(scanned.finished());
            stopIfCancelled(scanned.cancelled(), "the detection scan's rule");
            progress.stage("detection scan rule");
            scan = defense.detectTargets(new DetectTargetsRequest(List.copyOf(detectionGenerators.values()),
                    mesa.asrThreshold(), mesa.madThreshold(), SeedRule.derive(input.seed(), Stream.DETECTION_RULE, 1),
                    mesa.scanContinueAsr(), mesa.scanContinueAnomaly()));
            progress.stage("detection");
            var continued = launchDetection(scan.continuing(), "detection", c -> "detect class " + c, null);
            detectionGenerators.putAll(continued.finished());
            stopIfCancelled(continued.cancelled(), "the detection rule");
        } else {
            progress.stage("detection");
            var outcome = launchDetection(input.candidateClasses(), "detection", c -> "detect class " + c, null);
            detectionGenerators.putAll(outcome.finished());
            stopIfCancelled(outcome.cancelled(), "the detection rule");
        }
        progress.stage("detection rule");
        detection = defense.detectTargets(new DetectTargetsRequest(List.copyOf(detectionGenerators.values()),
                mesa.asrThreshold(), mesa.madThreshold(), SeedRule.derive(input.seed(), Stream.DETECTION_RULE, 0)));
    }

    /** One detection generator per class in {@code classes}, stopped after {@code stopAfterEpochs} (null: the budget). */
    private BoundedLauncher.Outcome<Integer, GeneratorArtifact> launchDetection(List<Integer> classes, String kind,
            java.util.function.Function<Integer, String> unitName, Integer stopAfterEpochs) {
        return launcher.runStage(classes, kind, unitName, (c, wide) -> Async.function(defense::trainGenerator,
                detectionRequest(c).stoppingAfter(stopAfterEpochs).widenedWhen(wide)));
    }

    /** The detection request of class {@code c}; the scan and its continuation differ only by their stop. */
    private TrainGeneratorRequest detectionRequest(int c) {
        TrainGeneratorRequest request = generatorRequest(c, mesa.detectionBeta(),
                SeedRule.derive(input.seed(), Stream.DETECTION, c), TrainGeneratorRequest.DETECTION);
        if (!traced) {
            return request;
        }
        return new TrainGeneratorRequest(request.modelKey(), request.dataset(), c, request.beta(), request.triggerSize(),
                mesa, request.seed(), request.purpose(), mesa.detectionTraceEpochs(), null, measurement, run);
    }

    private void trainStaircase() {
        progress.stage("staircase");
        List<GeneratorSlot> toTrain = new ArrayList<>();
        Map<GeneratorSlot, GeneratorArtifact> trained = new LinkedHashMap<>();
        for (int c : detection.attackedClasses()) {
            for (double beta : mesa.betas()) {
                GeneratorSlot slot = new GeneratorSlot(c, beta);
                GeneratorArtifact reusable = mesa.detectionReusableFor(beta) ? fullBudgetDetectionGeneratorOf(c) : null;
                if (reusable != null) {
                    trained.put(slot, reusable);
                } else {
                    toTrain.add(slot);
                }
            }
        }
        var outcome = launcher.runStage(toTrain, "generator", GeneratorSlot::unitName, (slot, wide) -> Async.function(
                defense::trainGenerator, generatorRequest(slot.targetClass(), slot.beta(), slot.seed(input.seed(),
                        mesa.betas()), TrainGeneratorRequest.STAIRCASE).widenedWhen(wide)));
        trained.putAll(outcome.finished());
        for (int c : detection.attackedClasses()) {
            for (double beta : mesa.betas()) {
                GeneratorArtifact g = trained.get(new GeneratorSlot(c, beta));
                if (g != null) {
                    generators.add(g);
                }
            }
        }
        stopIfCancelled(outcome.cancelled(), "retraining");
    }

    /**
     * One variant per β with at least one usable generator, plus the ensemble when it mixes several β; an audit keeps
     * only the ensemble (or the only usable β).
     */
    private Map<String, TriggerSource> repairVariants() {
        Map<String, TriggerSource> variants = everyRepairVariant();
        if (audit && variants.containsKey(VariantNames.ENSEMBLE)) {
            return Map.of(VariantNames.ENSEMBLE, variants.get(VariantNames.ENSEMBLE));
        }
        return variants;
    }

    private Map<String, TriggerSource> everyRepairVariant() {
        Map<String, TriggerSource> variants = new LinkedHashMap<>();
        List<String> all = new ArrayList<>();
        int levelsUsed = 0;
        for (double beta : mesa.betas()) {
            List<String> keys = generators.stream().filter(g -> g.beta() == beta && !g.skipped())
                    .map(GeneratorArtifact::key).toList();
            if (!keys.isEmpty()) {
                variants.put(VariantNames.beta(beta), TriggerSource.generators(keys, TriggerSource.UNIFORM));
                all.addAll(keys);
                levelsUsed++;
            }
        }
        if (levelsUsed > 1) {
            variants.put(VariantNames.ENSEMBLE, ensemble(input.ensembleMixing(), all));
            for (String mixing : extraEnsembles()) {
                variants.put(VariantNames.extraEnsemble(mixing), ensemble(mixing, all));
            }
        }
        return variants;
    }

    /**
     * The ensemble mixed by {@code mixing}: the usable generators {@code usable}, except for the reference code's cycle,
     * which takes every level, skipped ones included, as the reference does (the activity orders them by β).
     */
    private TriggerSource ensemble(String mixing, List<String> usable) {
        if (!TriggerSource.REFERENCE_CYCLE.equals(mixing)) {
            return TriggerSource.generators(usable, mixing);
        }
        List<String> every = generators.stream().map(GeneratorArtifact::key).toList();
        return new TriggerSource(TriggerSource.GENERATORS, every, mixing, null, null);
    }

    private Map<String, String> retrain(Map<String, TriggerSource> variants) {
        progress.stage("retraining");
        List<String> names = new ArrayList<>(variants.keySet());
        var outcome = launcher.runStage(names, "retrain", v -> "retrain " + v, (v, wide) -> {
            int index = retrainIndex(v);
            RetrainRequest request = new RetrainRequest(input.modelKey(), input.dataset(), variants.get(v),
                    input.retrain(), SeedRule.derive(input.seed(), Stream.RETRAIN, index), v)
                    .widenedWhen(wide);
            return Async.function(defense::retrain, request);
        });
        Map<String, String> models = new LinkedHashMap<>();
        outcome.finished().forEach((v, m) -> models.put(v, m.key()));
        stopIfCancelled(outcome.cancelled(), "evaluation");
        return models;
    }

    private void evaluate(Map<String, String> models) {
        progress.stage("evaluation");
        long seed = SeedRule.derive(input.seed(), Stream.EVALUATION, 0);
        List<SampledTriggers> sampled = audit ? sampledTriggers() : null;
        var outcome = launcher.run(new ArrayList<>(models.keySet()), "evaluate", v -> "evaluate " + v,
                v -> Async.function(defense::evaluate, new EvaluateRequest(models.get(v), input.dataset(),
                        input.originalTrigger(), input.originalTargetClass(), seed, v, run, sampled,
                        v.equals(VariantNames.BEFORE) ? null : input.modelKey())));
        outcome.finished().forEach((v, e) -> evaluations.add(VariantEvaluation.of(v, e)));
        stopIfCancelled(outcome.cancelled(), "the report");
    }

    /** An audit's evidence: for each attacked class, the triggers its usable generators sample. */
    private List<SampledTriggers> sampledTriggers() {
        List<SampledTriggers> sampled = new ArrayList<>();
        for (int c : detection.attackedClasses()) {
            List<String> keys = generators.stream().filter(g -> g.targetClass() == c && !g.skipped())
                    .map(GeneratorArtifact::key).toList();
            if (!keys.isEmpty()) {
                sampled.add(new SampledTriggers(c, keys));
            }
        }
        return sampled;
    }

    private ReportArtifact writeReport(String chosenVariant, String reason) {
        progress.stage("report");
        ReportArtifact report = defense.writeReport(DefenseReport.request(input, scan, detection,
                List.copyOf(detectionGenerators.values()), generators, evaluations, chosenVariant, reason));
        progress.stage("done");
        return report;
    }

    DefenseResult result(String status, VariantChoice choice, ReportArtifact report) {
        return new DefenseResult(input.defenseId(), status, detection != null ? detection.attackedClasses() : null,
                detection != null ? detection.perClass() : List.of(), List.copyOf(detectionGenerators.values()),
                List.copyOf(generators), List.copyOf(evaluations), choice.variant(), choice.modelKey(), choice.reason(),
                report, scan, progress.stageMillis());
    }

    private TrainGeneratorRequest generatorRequest(int targetClass, double beta, long seed, String purpose) {
        return new TrainGeneratorRequest(input.modelKey(), input.dataset(), targetClass, beta, input.triggerSize(),
                mesa, seed, purpose).measuredBy(measurement).forRun(run);
    }

    /**
     * The detection generator of {@code targetClass} if it had the staircase's budget (a stopped scan did not;
     * results recorded before the epoch count existed are taken at the settings' word).
     */
    private GeneratorArtifact fullBudgetDetectionGeneratorOf(int targetClass) {
        GeneratorArtifact g = detectionGenerators.get(targetClass);
        return g != null && (g.epochs() == null || g.epochs().equals(mesa.epochs())) ? g : null;
    }

    private List<String> extraEnsembles() {
        return input.extraEnsembles() != null ? input.extraEnsembles() : List.of();
    }

    /** The retraining seed's index: β's position, the ensemble after them, then each extra ensemble in input order. */
    private int retrainIndex(String variant) {
        if (variant.equals(VariantNames.ENSEMBLE)) {
            return mesa.betas().size();
        }
        List<String> extra = extraEnsembles();
        for (int j = 0; j < extra.size(); j++) {
            if (VariantNames.extraEnsemble(extra.get(j)).equals(variant)) {
                return mesa.betas().size() + 1 + j;
            }
        }
        return betaIndex(variant);
    }

    private int betaIndex(String variant) {
        for (int i = 0; i < mesa.betas().size(); i++) {
            if (VariantNames.beta(mesa.betas().get(i)).equals(variant)) {
                return i;
            }
        }
        throw new IllegalStateException("no β for variant " + variant);
    }

    private void stopIfCancelled(boolean cancelled, String nextStep) {
        if (cancelled) {
            throw FailureChains.stoppedAt(nextStep);
        }
    }

    /** A staircase generator to train: (class, β). */
    record GeneratorSlot(int targetClass, double beta) {
        String unitName() {
            return "generator class " + targetClass + " " + VariantNames.beta(beta);
        }

        long seed(long root, List<Double> betas) {
            return SeedRule.derive(root, Stream.STAIRCASE, targetClass * 1000L + betas.indexOf(beta));
        }
    }
}
