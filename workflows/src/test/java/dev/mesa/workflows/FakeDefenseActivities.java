package dev.mesa.workflows;

import dev.mesa.workflows.activity.ClassScore;
import dev.mesa.workflows.activity.DefenseActivities;
import dev.mesa.workflows.activity.DescribeInputsRequest;
import dev.mesa.workflows.activity.DetectTargetsRequest;
import dev.mesa.workflows.activity.DetectionOutcome;
import dev.mesa.workflows.activity.EvaluateRequest;
import dev.mesa.workflows.activity.EvaluationOutcome;
import dev.mesa.workflows.activity.GeneratorArtifact;
import dev.mesa.workflows.activity.GeneratorTracePoint;
import dev.mesa.workflows.activity.InputDescription;
import dev.mesa.workflows.activity.ModelArtifact;
import dev.mesa.workflows.activity.ReportArtifact;
import dev.mesa.workflows.activity.ReportRequest;
import dev.mesa.workflows.activity.RetrainRequest;
import dev.mesa.workflows.activity.ReverseTriggerRequest;
import dev.mesa.workflows.activity.SampledTriggerAsr;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import dev.mesa.workflows.activity.TriggerArtifact;
import io.temporal.activity.Activity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Deterministic stand-in for the defence activities: generators of {@link #attackedClasses} reach a high ASR (0.6
 * after a detection scan, 0.95 at the end of the budget), others a low one (0.03, or {@link #lowAsr} for chosen
 * classes); generators at {@link #skippedBetas} are skipped; repaired models' ASR depends on their variant
 * so the best β is known in advance (beta=0.9); sampled triggers reach 0.9 before and 0.1 after a repair. Describes a dataset with the class count its kind fixes, an image
 * folder with {@link #imageFolderClasses}, and every model with as many outputs as the data has classes unless
 * {@link #modelOutputs} says otherwise; a model file is "imported" as {@code models/imported/<file name>}. Records
 * every call and its task queue; {@link #hook} can throw.
 */
class FakeDefenseActivities implements DefenseActivities {
    /** ASR of the original trigger after each repair variant. */
    static final Map<String, Double> REPAIRED_ASR = Map.of("beta=0.5", 0.05, "beta=0.8", 0.04, "beta=0.9", 0.03,
            "ensemble", 0.035, "ideal", 0.02, "baseline-k0", 0.20, "baseline-k1", 0.10, "baseline-k2", 0.30,
            "baseline-reference-k0", 0.40, "baseline-reference-k1", 0.25);
    /** ASR after any other repair variant (an extra ensemble). */
    static final double OTHER_REPAIRED_ASR = 0.045;

    final Set<Integer> attackedClasses = ConcurrentHashMap.newKeySet();
    final Set<Double> skippedBetas = ConcurrentHashMap.newKeySet();
    /** Sample ASR of chosen non-attacked classes' generators (default 0.03). */
    final Map<Integer, Double> lowAsr = new ConcurrentHashMap<>();
    final List<DetectTargetsRequest> detectionRequests = new CopyOnWriteArrayList<>();
    final List<ReverseTriggerRequest> reverseRequests = new CopyOnWriteArrayList<>();
    final List<EvaluateRequest> evaluateRequests = new CopyOnWriteArrayList<>();
    final ActivityCalls calls = new ActivityCalls();
    final List<DescribeInputsRequest> describeRequests = new CopyOnWriteArrayList<>();
    final List<TrainGeneratorRequest> generatorRequests = new CopyOnWriteArrayList<>();
    final List<RetrainRequest> retrainRequests = new CopyOnWriteArrayList<>();
    final List<ReportRequest> reports = new CopyOnWriteArrayList<>();
    volatile ActivityHook hook = (name, request) -> { };
    volatile int imageFolderClasses = 43;
    volatile Integer modelOutputs;
    /** What the describing worker reports as its {@code wideSlots} (null: a worker that does not widen units). */
    volatile Integer wideSlots;

    FakeDefenseActivities() {
        attackedClasses.add(0);
    }

    @Override
    public InputDescription describeInputs(DescribeInputsRequest r) {
        enter("DescribeInputs", r);
        describeRequests.add(r);
        Integer known = r.dataset().knownClassCount();
        int classes = known != null ? known : imageFolderClasses;
        Integer outputs = modelOutputs != null ? modelOutputs : classes;
        if (r.model() != null) {
            return new InputDescription(r.dataset().kind() + ":" + r.dataset().path(), classes, r.model().path(), outputs,
                    "models/imported/" + java.nio.file.Path.of(r.model().path()).getFileName())
                    .fromWorkerWidening(wideSlots);
        }
        return new InputDescription(r.dataset().kind() + ":" + r.dataset().path(), classes, r.modelKey(),
                r.modelKey() == null ? null : outputs).fromWorkerWidening(wideSlots);
    }

    @Override
    public GeneratorArtifact trainGenerator(TrainGeneratorRequest r) {
        enter("TrainGenerator", r);
        generatorRequests.add(r);
        boolean attacked = attackedClasses.contains(r.targetClass());
        boolean skipped = !attacked || skippedBetas.contains(r.beta());
        String key = "generators/" + r.modelKey() + "/c" + r.targetClass() + "-b" + r.beta() + "-" + r.purpose();
        int epochs = r.stopsEarly() ? r.stopAfterEpochs() : r.epochBudget();
        List<GeneratorTracePoint> trace = new ArrayList<>();
        java.util.TreeSet<Integer> measured = new java.util.TreeSet<>(r.traceEpochs() != null ? r.traceEpochs() : List.of());
        measured.removeIf(e -> e > epochs);
        measured.add(epochs);
        measured.forEach(e -> trace.add(new GeneratorTracePoint(e, 0.5, asr(r.targetClass(), e, r.epochBudget()), 1, 0.5)));
        return new GeneratorArtifact(key, r.targetClass(), r.beta(), attacked ? r.beta() + 0.05 : 0.01,
                asr(r.targetClass(), epochs, r.epochBudget()), attacked ? 1.2 : 0.1, 0.5, skipped, false, 0, epochs, trace);
    }

    private double asr(int targetClass, int epochs, int budget) {
        if (attackedClasses.contains(targetClass)) {
            return epochs < budget ? 0.6 : 0.95;
        }
        return lowAsr.getOrDefault(targetClass, 0.03);
    }

    @Override
    public DetectionOutcome detectTargets(DetectTargetsRequest r) {
        enter("DetectTargets", r);
        detectionRequests.add(r);
        List<ClassScore> scores = r.generators().stream().map(g -> new ClassScore(g.targetClass(), g.sampleAsr(),
                g.sampleAsr() >= r.asrThreshold() ? 9.0 : 0.0, g.sampleAsr() >= r.asrThreshold())).toList();
        List<Integer> continuing = !r.afterScan() ? null : scores.stream().filter(s -> s.sampleAsr() >= r.scanContinueAsr()
                || s.anomalyIndex() >= r.scanContinueAnomaly()).map(ClassScore::classIndex).sorted().toList();
        return new DetectionOutcome(scores.stream().filter(ClassScore::flagged).map(ClassScore::classIndex).sorted()
                .toList(), scores, continuing);
    }

    @Override
    public TriggerArtifact reverseTrigger(ReverseTriggerRequest r) {
        enter("ReverseTrigger", r);
        reverseRequests.add(r);
        return new TriggerArtifact("triggers/" + r.modelKey() + "/" + (r.protocol() != null ? r.protocol() + "-" : "")
                + "k" + r.round(), 0.9, false, 0);
    }

    @Override
    public ModelArtifact retrain(RetrainRequest r) {
        enter("Retrain", r);
        retrainRequests.add(r);
        return new ModelArtifact(r.modelKey() + "/repaired-" + r.variant(), 0.89, false, 0);
    }

    @Override
    public EvaluationOutcome evaluate(EvaluateRequest r) {
        enter("Evaluate", r);
        evaluateRequests.add(r);
        Double asr = null;
        if (r.trigger() != null) {
            int cut = r.modelKey().indexOf("/repaired-");
            asr = cut < 0 ? 0.98 : REPAIRED_ASR.getOrDefault(r.modelKey().substring(cut + "/repaired-".length()),
                    OTHER_REPAIRED_ASR);
        }
        List<SampledTriggerAsr> sampled = r.sampledTriggers() == null ? List.of() : r.sampledTriggers().stream()
                .map(t -> new SampledTriggerAsr(t.targetClass(), r.modelKey().contains("/repaired-") ? 0.1 : 0.9)).toList();
        return new EvaluationOutcome(r.modelKey(), r.modelKey().contains("/repaired-") ? 0.89 : 0.90, asr,
                List.of(0.9, 0.9), sampled);
    }

    @Override
    public ReportArtifact writeReport(ReportRequest r) {
        enter("WriteReport", r);
        reports.add(r);
        return new ReportArtifact("reports/" + r.reportId(), "/store/reports/" + r.reportId() + "/report.md",
                "/store/reports/" + r.reportId() + "/report.json");
    }

    private void enter(String activity, Object request) {
        calls.record(activity, Activity.getExecutionContext().getInfo().getActivityTaskQueue());
        hook.beforeCall(activity, request);
    }
}
