package dev.mesa.defence;

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

/** One round of the single-reversed-trigger baseline (see {@link ReversalConfig}), as a resumable task. */
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
    private NDArray trigger;
    private NDArray velocity;
    private EpochPlan plan;
    private int planEpoch = -1;

    public TriggerReverser(Classifier classifier, ImageDataset defenceImages, int targetClass, int channels, int height,
                           int width, ReversalConfig config, int round, long seed) {
        if (targetClass < 0 || targetClass >= classifier.spec().numClasses()) {
            throw new IllegalArgumentException("target class " + targetClass + " is not a class of the model");
        }
        if (height > defenceImages.shape().height() || width > defenceImages.shape().width()) {
            throw new IllegalArgumentException("a " + height + "x" + width + " trigger does not fit "
                    + defenceImages.shape() + " images");
        }
        if (channels != defenceImages.shape().channels()) {
            throw new IllegalArgumentException("a trigger of " + channels + " channel(s) cannot be stamped on "
                    + defenceImages.shape() + " images");
        }
        if (defenceImages.size() < config.batchSize()) {
            throw new IllegalArgumentException("the defence split has " + defenceImages.size()
                    + " images, fewer than one batch of " + config.batchSize() + " (the round would take no step)");
        }
        this.classifier = classifier;
        this.assembler = new BatchAssembler(defenceImages, classifier.normalization());
        this.stamper = new TriggerStamper(classifier.normalization());
        this.config = config;
        this.targetClass = targetClass;
        this.seed = seed;
        this.round = round;
        this.manager = classifier.manager().newSubManager();
        this.shape = new Shape(1, channels, height, width);
        SplittableRandom init = Seeds.stream(seed, "reversal-init", round);
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) init.nextDouble();
        }
        this.trigger = manager.create(v, shape);
        this.velocity = manager.zeros(shape);
        classifier.freeze(true);
    }

    /** Runs (or resumes) the round and returns the reversed trigger. */
    public TriggerPattern reverse(Path checkpoint, TrainingListener listener) {
        LoopSettings loop = new LoopSettings(config.epochs(), config.batchSize(), true, 20, 100);
        new TrainingLoop(manager, loop, checkpoint, listener).run(this);
        return currentTrigger();
    }

    public TriggerPattern currentTrigger() {
        return new TriggerPattern("reversed-c" + targetClass + "-k" + round, (int) shape.get(1), (int) shape.get(2),
                (int) shape.get(3), trigger.toFloatArray());
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
            NDArray logits = classifier.inferenceLogits(stamper.stamp(images, trigger, location));
            loss = CrossEntropy.mean(logits, target, 0);
            collector.backward(loss);
        }
        try (NDScope scope = new NDScope()) {
            NDArray gradient = trigger.getGradient();
            velocity.muli((float) config.momentum()).addi(gradient);
            NDArray next = trigger.sub(velocity.mul((float) config.learningRate())).clip(0f, 1f);
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
        return List.of(name() + "|" + config + "|" + assembler.dataset() + "|" + classifier.spec() + "|" + shape
                + "|seed=" + seed);
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
