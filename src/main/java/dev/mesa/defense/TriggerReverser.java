package dev.mesa.defense;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.mesa.training.ThreadGradientCollector;
import dev.mesa.checkpoint.Fingerprint;
import dev.mesa.checkpoint.SectionFile;
import dev.mesa.checkpoint.TensorCodec;
import dev.mesa.data.Augmentation;
import dev.mesa.data.BatchAssembler;
import dev.mesa.data.EpochPlan;
import dev.mesa.data.ImageDataset;
import dev.mesa.model.Classifier;
import dev.mesa.random.Seeds;
import dev.mesa.training.CrossEntropy;
import dev.mesa.training.LoopSettings;
import dev.mesa.training.TrainingListener;
import dev.mesa.training.TrainingLoop;
import dev.mesa.training.TrainingTask;
import dev.mesa.trigger.StampPlan;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerPattern;
import dev.mesa.trigger.TriggerStamper;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One round of the single-reversed-trigger baseline (see {@link ReversalConfig}), as a resumable task. The state is
 * the patch in the config's {@link ReversalConfig.Space} and its momentum; in the normalised space the patch is
 * mapped to pixels ({@code t · std + mean}) before stamping, so its gradient is taken with respect to the normalised
 * values, as the authors' notebook steps them.
 */
public final class TriggerReverser implements TrainingTask, AutoCloseable {
    private final Classifier classifier;
    private final BatchAssembler assembler;
    private final TriggerStamper stamper;
    private final ReversalConfig config;
    private final int targetClass;
    private final long seed;
    private final int round;
    private final NDManager manager;
    private final Shape shape;
    private final NDArray mean;
    private final NDArray std;
    /** The patch in the config's space (pixels, or normalised values). */
    private NDArray trigger;
    private NDArray velocity;
    private EpochPlan plan;
    private int planEpoch = -1;

    public TriggerReverser(Classifier classifier, ImageDataset defenseImages, int targetClass, int channels, int height,
                           int width, ReversalConfig config, int round, long seed) {
        if (targetClass < 0 || targetClass >= classifier.spec().numClasses()) {
            throw new IllegalArgumentException("target class " + targetClass + " is not a class of the model");
        }
        if (height > defenseImages.shape().height() || width > defenseImages.shape().width()) {
            throw new IllegalArgumentException("a " + height + "x" + width + " trigger does not fit "
                    + defenseImages.shape() + " images");
        }
        if (channels != defenseImages.shape().channels()) {
            throw new IllegalArgumentException("a trigger of " + channels + " channel(s) cannot be stamped on "
                    + defenseImages.shape() + " images");
        }
        ImageDataset images = roundImages(defenseImages, config, round, seed);
        if (images.size() < config.batchSize()) {
            throw new IllegalArgumentException("the round sees " + images.size() + " of the " + defenseImages.size()
                    + " defence images, fewer than one batch of " + config.batchSize() + " (the round would take no step)");
        }
        this.classifier = classifier;
        this.assembler = new BatchAssembler(images, classifier.normalization());
        this.stamper = new TriggerStamper(classifier.normalization());
        this.config = config;
        this.targetClass = targetClass;
        this.seed = seed;
        this.round = round;
        this.manager = classifier.manager().newSubManager();
        this.shape = new Shape(1, channels, height, width);
        this.mean = manager.create(classifier.normalization().mean(), new Shape(1, channels, 1, 1));
        this.std = manager.create(classifier.normalization().std(), new Shape(1, channels, 1, 1));
        SplittableRandom init = Seeds.stream(seed, "reversal-init", round);
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) init.nextDouble();
        }
        NDArray start = manager.create(v, shape);
        this.trigger = normalised() ? start.sub(mean).div(std) : start;
        this.velocity = manager.zeros(shape);
        classifier.freeze(true);
    }

    /** Runs (or resumes) the round and returns the reversed trigger. */
    public TriggerPattern reverse(Path checkpoint, TrainingListener listener) {
        LoopSettings loop = new LoopSettings(config.epochs(), config.batchSize(), true, 20, 100);
        new TrainingLoop(manager, loop, checkpoint, listener).run(this);
        return currentTrigger();
    }

    /** The patch as pixels in [0, 1] (clipped: a round stopped mid-epoch may hold values outside). */
    public TriggerPattern currentTrigger() {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray pixels = normalised() ? trigger.mul(std).add(mean) : trigger;
            float[] values = pixels.clip(0f, 1f).toFloatArray();
            return new TriggerPattern("reversed-c" + targetClass + "-k" + round, (int) shape.get(1), (int) shape.get(2),
                    (int) shape.get(3), values);
        }
    }

    /**
     * One SGD step with momentum (PyTorch's rule: {@code v ← m·v + g}, {@code t ← t − lr·v}; updates {@code velocity}
     * in place) on the patch {@code trigger} in the config's space, then the clip the config asks for: after every
     * step, or only after the last step of an epoch ({@code epochEnds}). In the normalised space the clip keeps the
     * values that map to pixels in [0, 1], {@code [(0 − mean)/std, (1 − mean)/std]} per channel.
     */
    static NDArray update(NDArray trigger, NDArray velocity, NDArray gradient, ReversalConfig config, boolean epochEnds,
                          NDArray mean, NDArray std) {
        velocity.muli((float) config.momentum()).addi(gradient);
        NDArray next = trigger.sub(velocity.mul((float) config.learningRate()));
        if (config.clipping() == ReversalConfig.Clipping.EVERY_STEP || epochEnds) {
            next = config.space() == ReversalConfig.Space.NORMALISED
                    ? next.mul(std).add(mean).clip(0f, 1f).sub(mean).div(std) : next.clip(0f, 1f);
        }
        return next;
    }

    /** The images one round sees: all of them, or a seeded subset of {@code config.dataFraction()}. */
    private static ImageDataset roundImages(ImageDataset defenseImages, ReversalConfig config, int round, long seed) {
        int count = config.imagesPerRound(defenseImages.size());
        if (count == defenseImages.size()) {
            return defenseImages;
        }
        int[] order = new EpochPlan(defenseImages.size(), defenseImages.size(), false,
                Seeds.derive(seed, "reversal-subset", round), 0).batch(0);
        int[] chosen = java.util.Arrays.copyOf(order, count);
        java.util.Arrays.sort(chosen);
        return defenseImages.subset(defenseImages.name() + "-reversal-k" + round, chosen);
    }

    private boolean normalised() {
        return config.space() == ReversalConfig.Space.NORMALISED;
    }

    @Override
    public String name() {
        return "reversal class=" + targetClass + " round=" + round;
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
        return List.of("cross_entropy");
    }

    @Override
    public NDArray step(NDManager stepManager, int epoch, int stepInEpoch, long globalStep) {
        if (planEpoch != epoch) {
            plan = new EpochPlan(assembler.dataset().size(), config.batchSize(), true, Seeds.derive(seed, "reversal", round), epoch);
            planEpoch = epoch;
        }
        SplittableRandom random = Seeds.stream(seed, "reversal-step", round, epoch, stepInEpoch);
        int batch = config.batchSize();
        NDArray images = assembler.assemble(plan.batch(stepInEpoch), Augmentation.NONE, random).imagesOn(stepManager);
        long[] labels = new long[batch];
        Arrays.fill(labels, targetClass);
        NDArray target = stepManager.create(labels);
        StampPlan location = StampPlan.all(StampingRule.ONE_LOCATION_PER_BATCH, batch, assembler.dataset().shape().height(),
                assembler.dataset().shape().width(), (int) shape.get(2), (int) shape.get(3), random);
        trigger.setRequiresGradient(true);
        NDArray loss;
        try (GradientCollector collector = ThreadGradientCollector.open()) {
            NDArray pixels = normalised() ? trigger.mul(std).add(mean) : trigger;
            NDArray logits = classifier.inferenceLogits(stamper.stamp(images, pixels, location));
            loss = CrossEntropy.mean(logits, target, 0);
            collector.backward(loss);
        }
        try (NDScope scope = new NDScope()) {
            NDArray gradient = trigger.getGradient();
            NDArray next = update(trigger, velocity, gradient, config, stepInEpoch == stepsPerEpoch() - 1, mean, std);
            NDScope.unregister(next);
            trigger.close();
            trigger = next;
        }
        return NDArrays.stack(new NDList(loss.stopGradient()));
    }

    @Override
    public String fingerprint() {
        return Fingerprint.of("reversal").with("targetClass", targetClass).with("round", round)
                .with("config", config.fingerprint()).with("data", assembler.dataset().fingerprint())
                .with("classifier", classifier.spec().fingerprint()).with("trigger", List.of(shape.getShape()[1],
                        shape.getShape()[2], shape.getShape()[3])).with("seed", seed).text();
    }

    /** The fingerprint of checkpoints written before {@link Fingerprint} (records' text; resumed, not discarded). */
    @Override
    public List<String> formerFingerprints() {
        return List.of(name() + "|" + config.fingerprintText() + "|" + assembler.dataset() + "|" + classifier.spec()
                + "|" + shape + "|seed=" + seed);
    }

    @Override
    public Map<String, byte[]> saveState() {
        Map<String, byte[]> sections = new LinkedHashMap<>();
        sections.put("trigger-state", TensorCodec.encodeArrays(new NDList(trigger, velocity)));
        return sections;
    }

    @Override
    public void restoreState(SectionFile checkpoint, Path file) {
        NDList state = TensorCodec.decodeArrays(manager, checkpoint.section(file, "trigger-state"), file);
        if (state.size() != 2 || !state.get(0).getShape().equals(shape)) {
            throw new dev.mesa.checkpoint.CorruptArtifactException(file, "reversal state does not match a trigger of " + shape);
        }
        trigger.close();
        velocity.close();
        trigger = state.get(0);
        velocity = state.get(1);
    }

    @Override
    public void close() {
        manager.close();
    }
}
