package dev.mesa.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.mesa.checkpoint.Fingerprint;
import dev.mesa.checkpoint.JsonCodec;
import dev.mesa.checkpoint.SectionFile;
import dev.mesa.checkpoint.TensorCodec;
import dev.mesa.data.BatchAssembler;
import dev.mesa.data.EpochPlan;
import dev.mesa.data.HostBatch;
import dev.mesa.data.ImageDataset;
import dev.mesa.model.Classifier;
import dev.mesa.random.Seeds;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a classifier with cross-entropy and SGD: clean training, backdoor injection (with a poisoning
 * {@link BatchTransform}) and retraining (with a trigger-stamping one) are all this task. The classifier
 * is trained in place, every parameter, in training mode (BatchNorm batch statistics, dropout); callers
 * that must keep the input model load a copy. The network's own random draws (a TorchScript model's
 * dropout) come from a seed per step, so checkpoints (network state with BatchNorm statistics, optimizer
 * state, step) resume exactly.
 */
public final class ClassifierTrainer implements TrainingTask {
    private final String name;
    private final Classifier classifier;
    private final BatchAssembler assembler;
    private final ClassifierTrainingConfig config;
    private final BatchTransform transform;
    private final String transformDescription;
    private SgdMomentum optimizer;
    private EpochPlan plan;
    private int planEpoch = -1;

    public ClassifierTrainer(String name, Classifier classifier, ImageDataset data, ClassifierTrainingConfig config,
                             BatchTransform transform, String transformDescription) {
        if (data.size() == 0) {
            throw new IllegalArgumentException(name + ": " + data.name() + " has no images to train on");
        }
        if (data.numClasses() != classifier.spec().numClasses()) {
            throw new IllegalArgumentException(name + ": dataset has " + data.numClasses() + " classes, the classifier "
                    + classifier.spec().numClasses());
        }
        this.name = name;
        this.classifier = classifier;
        this.assembler = new BatchAssembler(data, classifier.normalization());
        this.config = config;
        this.transform = transform;
        this.transformDescription = transformDescription;
        classifier.freeze(false);
        this.optimizer = newOptimizer();
    }

    private SgdMomentum newOptimizer() {
        return new SgdMomentum(classifier.trainableParameters(), config.momentum(), config.weightDecay(),
                config.nesterov());
    }

    /** Runs this task to completion (or resumes it) with {@code loop}'s checkpointing. */
    public TrainingLoop.Outcome train(Path checkpointFile, TrainingListener listener) {
        return new TrainingLoop(classifier.manager(), config.loop(), checkpointFile, listener).run(this);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int stepsPerEpoch() {
        return EpochPlan.stepsPerEpoch(assembler.dataset().size(), config.loop().batchSize(), config.loop().dropLast());
    }

    @Override
    public int imagesPerStep() {
        return Math.min(config.loop().batchSize(), assembler.dataset().size());
    }

    @Override
    public List<String> lossNames() {
        return List.of("cross_entropy", "batch_accuracy");
    }

    @Override
    public NDArray step(NDManager stepManager, int epoch, int stepInEpoch, long globalStep) {
        if (planEpoch != epoch) {
            plan = new EpochPlan(assembler.dataset().size(), config.loop().batchSize(), config.loop().dropLast(),
                    config.seed(), epoch);
            planEpoch = epoch;
        }
        SplittableRandom random = Seeds.stream(config.seed(), "classifier-batch", epoch, stepInEpoch);
        HostBatch batch = assembler.assemble(plan.batch(stepInEpoch), config.augmentation(), random);
        int[] labels = batch.labels().clone();
        NDArray images = transform.apply(stepManager, batch.imagesOn(stepManager), labels, random, epoch);
        NDArray target = new HostBatch(batch.images(), labels, batch.shape()).labelsOn(stepManager);
        NDArray loss;
        NDArray accuracy;
        try (GradientCollector collector = ThreadGradientCollector.open()) {
            NDArray logits = classifier.trainingLogits(images,
                    Seeds.derive(config.seed(), "network-randomness", epoch, stepInEpoch));
            loss = CrossEntropy.mean(logits, target, config.labelSmoothing());
            collector.backward(loss);
            accuracy = CrossEntropy.accuracy(logits.stopGradient(), target);
        }
        long total = (long) stepsPerEpoch() * config.loop().epochs();
        optimizer.step(config.learningRate().at(globalStep, total));
        return NDArrays.stack(new ai.djl.ndarray.NDList(loss.stopGradient(), accuracy));
    }

    @Override
    public String fingerprint() {
        return Fingerprint.of("classifier").with("name", name).with("classifier", classifier.spec().fingerprint())
                .with("data", assembler.dataset().fingerprint()).with("config", config.fingerprint())
                .with("transform", transformDescription).text();
    }

    /** The fingerprint of checkpoints written before {@link Fingerprint} (records' text; resumed, not discarded). */
    @Override
    public List<String> formerFingerprints() {
        return List.of(name + "|" + classifier.spec() + "|" + assembler.dataset() + "|" + config + "|"
                + transformDescription);
    }

    @Override
    public Map<String, byte[]> saveState() {
        Map<String, byte[]> sections = new LinkedHashMap<>();
        sections.put("parameters", classifier.encodeState());
        sections.put("optimizer", TensorCodec.encodeArrays(optimizer.state()));
        sections.put("optimizer-counter", ByteBuffer.allocate(8).putLong(optimizer.counter()).array());
        return sections;
    }

    @Override
    public void restoreState(SectionFile checkpoint, Path file) {
        classifier.restoreState(checkpoint.section(file, "parameters"), file);
        classifier.freeze(false);
        // a restored TorchScript network has new parameter objects: the optimizer is rebuilt on them
        optimizer = newOptimizer();
        try (NDManager scratch = classifier.manager().newSubManager()) {
            optimizer.restore(TensorCodec.decodeArrays(scratch, checkpoint.section(file, "optimizer"), file),
                    ByteBuffer.wrap(checkpoint.section(file, "optimizer-counter")).getLong(), file);
        }
    }

    /** For logs: the config as JSON. */
    public String describeConfig() {
        return JsonCodec.toText(config);
    }
}
