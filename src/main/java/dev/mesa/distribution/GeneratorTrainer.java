package dev.mesa.distribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.mesa.training.ThreadGradientCollector;
import dev.mesa.checkpoint.Fingerprint;
import dev.mesa.checkpoint.JsonCodec;
import dev.mesa.checkpoint.SectionFile;
import dev.mesa.checkpoint.TensorCodec;
import dev.mesa.data.Augmentation;
import dev.mesa.data.BatchAssembler;
import dev.mesa.data.EpochPlan;
import dev.mesa.data.ImageDataset;
import dev.mesa.model.Classifier;
import dev.mesa.random.Seeds;
import dev.mesa.training.Adam;
import dev.mesa.training.LoopIntervals;
import dev.mesa.training.LoopSettings;
import dev.mesa.training.TrainingListener;
import dev.mesa.training.TrainingLoop;
import dev.mesa.training.TrainingTask;
import dev.mesa.trigger.StampPlan;
import dev.mesa.trigger.TriggerStamper;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Trains one MESA sub-model G_i for target class c and level β (Algorithm 2, inner loop). Per batch of
 * defence images m and noises z, z':
 * <ol>
 *   <li>G step (T frozen): x = G(z); F = softmax(P(Apply(m, x + ε)))[c] with ε ~ N(0, σ²) and one random
 *       location for the batch; Î = mean T(z, x) − log mean e^{T(z', x)};
 *       L_G = −mean(min(F, β)) − α·Î (same gradient as the paper's hinge max(0, β − F)); Adam on G.
 *       The hinge {@code β − mean(min(F, β))} and the batch's hard ASR are reported too.</li>
 *   <li>T step on the detached x: maximise Î with MINE's bias-corrected gradient; Adam on T.</li>
 * </ol>
 * The backdoored classifier P is frozen and in inference mode (BatchNorm running statistics); gradients
 * reach its input only.
 *
 * <p>With {@link #traceAfter}, the sub-model is measured after the chosen epochs (its trace); the measurements draw
 * from streams of their own and leave the networks as they were, so a traced run trains exactly as an untraced one,
 * and the trace is part of the checkpoint, so a resumed run keeps the points measured before it stopped.
 */
public final class GeneratorTrainer implements TrainingTask {
    /** L_G, the generator's loss. The names below key {@link dev.mesa.training.TrainingProgress#meanLosses()}. */
    public static final String GENERATOR_LOSS = "generator_loss";
    /** F, the mean target-class probability of the stamped batch. */
    public static final String TESTING_FUNCTION = "testing_function";
    /** Î, MINE's lower bound on the mutual information of z and the trigger. */
    public static final String MI_LOWER_BOUND = "mi_lower_bound";
    /** The statistics network's (bias-corrected) loss. */
    public static final String STATISTICS_LOSS = "statistics_loss";
    /** The paper's hinge β − mean(min(F, β)). */
    public static final String HINGE_LOSS = "hinge_loss";
    /** The batch's hard attack success rate. */
    public static final String BATCH_ASR = "batch_asr";
    /** In the order of the step's loss vector. */
    public static final List<String> LOSS_NAMES = List.of(GENERATOR_LOSS, TESTING_FUNCTION, MI_LOWER_BOUND,
            STATISTICS_LOSS, HINGE_LOSS, BATCH_ASR);

    private static final String TRACE_SECTION = "trace";
    private final TriggerGeneratorModel model;
    private final Classifier classifier;
    private final BatchAssembler assembler;
    private final TriggerStamper stamper;
    private final MesaConfig config;
    private final int targetClass;
    private final double beta;
    private final long seed;
    private final Adam generatorOptimizer;
    private final Adam statisticsOptimizer;
    private final MineEstimator mine;
    private final List<SubModelReport> trace = new ArrayList<>();
    private Set<Integer> tracedEpochs = Set.of();
    private SubModelProbe probe;
    private EpochPlan plan;
    private int planEpoch = -1;

    public GeneratorTrainer(TriggerGeneratorModel model, Classifier classifier, ImageDataset defenseImages,
                            int targetClass, double beta, long seed) {
        MesaConfig.requireBeta(beta);
        if (targetClass < 0 || targetClass >= classifier.spec().numClasses()) {
            throw new IllegalArgumentException("target class " + targetClass + " is not a class of the model (0.."
                    + (classifier.spec().numClasses() - 1) + ")");
        }
        if (model.height() > defenseImages.shape().height() || model.width() > defenseImages.shape().width()
                || model.channels() != defenseImages.shape().channels()) {
            throw new IllegalArgumentException("a " + model.channels() + "x" + model.height() + "x" + model.width()
                    + " trigger does not fit " + defenseImages.shape() + " images");
        }
        if (defenseImages.size() < model.config().batchSize()) {
            throw new IllegalArgumentException("the defence split has " + defenseImages.size()
                    + " images, fewer than one batch of " + model.config().batchSize());
        }
        this.model = model;
        this.classifier = classifier;
        this.assembler = new BatchAssembler(defenseImages, classifier.normalization());
        this.stamper = new TriggerStamper(classifier.normalization());
        this.config = model.config();
        this.targetClass = targetClass;
        this.beta = beta;
        this.seed = seed;
        classifier.freeze(true);
        this.generatorOptimizer = new Adam(model.generator(), config.adamBeta1(), config.adamBeta2(), 1e-8);
        this.statisticsOptimizer = new Adam(model.statisticsNetwork(), config.adamBeta1(), config.adamBeta2(), 1e-8);
        this.mine = new MineEstimator(model.manager(), config.mineMovingAverageRate());
    }

    /** Measures the sub-model with a probe of the trained model. */
    @FunctionalInterface
    public interface SubModelProbe {
        /** The sub-model's figures now, after {@code steps} training steps. */
        SubModelReport measure(long steps);
    }

    /** Trains (or resumes) for the configured epochs. */
    public TrainingLoop.Outcome train(LoopIntervals intervals, Path checkpointFile, TrainingListener listener) {
        return train(intervals, checkpointFile, listener, config.epochs());
    }

    /**
     * Trains (or resumes) until the end of epoch {@code pauseAfterEpochs} (counted from 1) of the configured budget,
     * and writes the checkpoint there; a later {@link #train} with the same checkpoint continues to the end of the
     * budget as if the run had never paused (needs a checkpoint file when it pauses before the end).
     */
    public TrainingLoop.Outcome train(LoopIntervals intervals, Path checkpointFile, TrainingListener listener,
                                      int pauseAfterEpochs) {
        if (pauseAfterEpochs < 1) {
            throw new IllegalArgumentException("a run pauses after at least one epoch, got " + pauseAfterEpochs);
        }
        LoopSettings loop = LoopSettings.of(config.epochs(), config.batchSize(), true, intervals);
        return new TrainingLoop(model.manager(), loop, checkpointFile, listener)
                .run(this, (long) Math.min(pauseAfterEpochs, config.epochs()) * stepsPerEpoch());
    }

    /** Measures the sub-model with {@code probe} at the end of each of {@code epochs} (counted from 1). */
    public GeneratorTrainer traceAfter(Set<Integer> epochs, SubModelProbe probe) {
        this.tracedEpochs = Set.copyOf(epochs);
        this.probe = probe;
        return this;
    }

    /** The measurements taken so far, in epoch order (restored from the checkpoint after a resume). */
    public List<SubModelReport> trace() {
        return List.copyOf(trace);
    }

    @Override
    public void onEpochEnd(int epoch) {
        int done = epoch + 1;
        if (probe != null && tracedEpochs.contains(done)) {
            trace.add(probe.measure((long) done * stepsPerEpoch()));
        }
    }

    @Override
    public String name() {
        return "mesa class=" + targetClass + " beta=" + beta;
    }

    @Override
    public int stepsPerEpoch() {
        return EpochPlan.stepsPerEpoch(assembler.dataset().size(), config.batchSize(), true);
    }

    @Override
    public int imagesPerStep() {
        return config.batchSize();
    }

    @Override
    public List<String> lossNames() {
        return LOSS_NAMES;
    }

    @Override
    public NDArray step(NDManager stepManager, int epoch, int stepInEpoch, long globalStep) {
        if (planEpoch != epoch) {
            plan = new EpochPlan(assembler.dataset().size(), config.batchSize(), true, seed, epoch);
            planEpoch = epoch;
        }
        SplittableRandom random = Seeds.stream(seed, "mesa-step", epoch, stepInEpoch);
        int batch = config.batchSize();
        NDArray images = assembler.assemble(plan.batch(stepInEpoch), Augmentation.NONE, random).imagesOn(stepManager);
        NDArray z = model.uniformNoise(stepManager, batch, random);
        NDArray zMarginal = model.uniformNoise(stepManager, batch, random);
        NDArray noise = gaussian(stepManager, random, new Shape(batch, model.channels(), model.height(), model.width()));
        StampPlan location = StampPlan.all(config.searchStampingRule(), batch, assembler.dataset().shape().height(),
                assembler.dataset().shape().width(), model.height(), model.width(), random);

        NDArray triggers;
        NDArray generatorLoss;
        NDArray testing;
        NDArray bound;
        NDArray hinge;
        NDArray batchAsr;
        model.statisticsNetwork().freezeParameters(true);
        try (GradientCollector collector = ThreadGradientCollector.open()) {
            triggers = model.generate(z, true);
            bound = MineEstimator.lowerBound(model.statistics(z, triggers), model.statistics(zMarginal, triggers));
            NDArray stamped = stamper.stamp(images, triggers.add(noise), location);
            NDArray logits = classifier.inferenceLogits(stamped);
            NDArray f = logits.softmax(1).get(new NDIndex(":, {}", targetClass));
            testing = f.mean();
            generatorLoss = generatorLoss(f, beta, bound, config.alpha());
            collector.backward(generatorLoss);
            hinge = f.stopGradient().minimum((float) beta).mean().neg().add((float) beta);
            batchAsr = logits.stopGradient().argMax(1).eq(targetClass).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                    .mean();
        }
        generatorOptimizer.step(config.learningRate());
        model.statisticsNetwork().freezeParameters(false);

        NDArray fixed = triggers.stopGradient();
        NDArray statisticsLoss;
        try (GradientCollector collector = ThreadGradientCollector.open()) {
            statisticsLoss = mine.biasCorrectedLoss(model.statistics(z, fixed), model.statistics(zMarginal, fixed));
            collector.backward(statisticsLoss);
        }
        statisticsOptimizer.step(config.learningRate());
        return NDArrays.stack(new NDList(generatorLoss.stopGradient(), testing.stopGradient(), bound.stopGradient(),
                statisticsLoss.stopGradient(), hinge, batchAsr));
    }

    /**
     * L_G = −mean(min(F, β)) − α·Î for the target-class probabilities {@code f} and the MINE bound {@code bound}.
     * Minimising it raises each F below β (the gradient of the paper's hinge max(0, β − F)), leaves those above β
     * alone, and raises Î, the entropy of G's samples up to a constant.
     */
    static NDArray generatorLoss(NDArray f, double beta, NDArray bound, double alpha) {
        return f.minimum((float) beta).mean().neg().sub(bound.mul((float) alpha));
    }

    private static NDArray gaussian(NDManager manager, SplittableRandom random, Shape shape, double std) {
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (Seeds.gaussian(random) * std);
        }
        return manager.create(v, shape);
    }

    private NDArray gaussian(NDManager manager, SplittableRandom random, Shape shape) {
        return gaussian(manager, random, shape, config.noiseStd());
    }

    @Override
    public String fingerprint() {
        return Fingerprint.of("mesa").with("targetClass", targetClass).with("beta", beta)
                .with("config", config.fingerprint()).with("data", assembler.dataset().fingerprint())
                .with("classifier", classifier.spec().fingerprint()).with("seed", seed).text();
    }

    /** The fingerprint of checkpoints written before {@link Fingerprint} (records' text; resumed, not discarded). */
    @Override
    public List<String> formerFingerprints() {
        return List.of(name() + "|" + config + "|" + assembler.dataset() + "|" + classifier.spec() + "|seed=" + seed);
    }

    @Override
    public Map<String, byte[]> saveState() {
        Map<String, byte[]> sections = new LinkedHashMap<>();
        sections.put("generator", TensorCodec.encodeParameters(model.generator()));
        sections.put("statistics", TensorCodec.encodeParameters(model.statisticsNetwork()));
        sections.put("generator-optimizer", TensorCodec.encodeArrays(generatorOptimizer.state()));
        sections.put("statistics-optimizer", TensorCodec.encodeArrays(statisticsOptimizer.state()));
        sections.put("counters", ByteBuffer.allocate(20).putLong(generatorOptimizer.counter())
                .putLong(statisticsOptimizer.counter()).putFloat(mine.movingAverage().getFloat()).array());
        sections.put(TRACE_SECTION, JsonCodec.toBytes(trace));
        return sections;
    }

    @Override
    public void restoreState(SectionFile checkpoint, Path file) {
        TensorCodec.decodeParameters(model.generator(), model.manager(), checkpoint.section(file, "generator"), file);
        TensorCodec.decodeParameters(model.statisticsNetwork(), model.manager(), checkpoint.section(file, "statistics"), file);
        model.unfreeze();
        ByteBuffer counters = ByteBuffer.wrap(checkpoint.section(file, "counters"));
        try (NDManager scratch = model.manager().newSubManager()) {
            generatorOptimizer.restore(TensorCodec.decodeArrays(scratch, checkpoint.section(file, "generator-optimizer"), file),
                    counters.getLong(), file);
            statisticsOptimizer.restore(TensorCodec.decodeArrays(scratch, checkpoint.section(file, "statistics-optimizer"), file),
                    counters.getLong(), file);
        }
        mine.restoreMovingAverage(counters.getFloat());
        trace.clear();
        if (checkpoint.sections().containsKey(TRACE_SECTION)) { // checkpoints written before traces have none
            trace.addAll(Arrays.asList(JsonCodec.fromBytes(checkpoint.section(file, TRACE_SECTION),
                    SubModelReport[].class, file)));
        }
    }
}
