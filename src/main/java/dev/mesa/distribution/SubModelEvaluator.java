package dev.mesa.distribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.mesa.data.Augmentation;
import dev.mesa.data.BatchAssembler;
import dev.mesa.data.HostBatch;
import dev.mesa.data.ImageDataset;
import dev.mesa.evaluation.ClassifierEvaluator;
import dev.mesa.model.Classifier;
import dev.mesa.random.Seeds;
import dev.mesa.training.GradMode;
import dev.mesa.trigger.StampPlan;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerStamper;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Measures a trained sub-model ({@link SubModelReport}) on the defence images and, when given, on held-out
 * evaluation images; inference only.
 */
public final class SubModelEvaluator {
    private static final int DIVERSITY_SAMPLES = 256;
    private static final int MI_BATCHES = 8;

    /**
     * How a sub-model is measured.
     *
     * @param searchNoise whether E[F] adds the search noise N(0, σ²) to each sample before stamping. The skip rule
     *                    of the paper and the reference code measures G(z) itself ({@code false}); mesa's first
     *                    release added the noise, which lowers E[F] and skips levels too often
     * @param onePass     whether E[F] and the sample ASR come from one stamped pass over the images (each image
     *                    its own trigger and location; E[F] over every image, the sample ASR over those not of the
     *                    target class) instead of two passes with their own draws (E[F] with one location per
     *                    batch, as in the search). Both estimate the same two expectations, since a location shared by
     *                    a batch has the same marginal distribution as one drawn per image; the one pass costs half
     *                    the inference and has the lower variance of the two. Needs {@code searchNoise} off
     * @param heldOut     evaluation images (never seen by the search) on which E[F] and the sample ASR are also
     *                    measured for reporting; null for none
     */
    public record Measurement(boolean searchNoise, boolean onePass, ImageDataset heldOut) {
        /** The measurement of mesa's first release: E[F] with the search noise, on the defence images only. */
        public static final Measurement FIRST_RELEASE = new Measurement(true, false, null);

        public Measurement {
            if (onePass && searchNoise) {
                throw new IllegalArgumentException("the one-pass measurement samples G(z) without the search noise");
            }
        }

        /** The paper's measurement (E[F] of G(z) without noise), also reported on {@code heldOut} (may be null). */
        public static Measurement paper(ImageDataset heldOut) {
            return new Measurement(false, false, heldOut);
        }

        /** The paper's two figures from one pass per image set, also reported on {@code heldOut} (may be null). */
        public static Measurement onePass(ImageDataset heldOut) {
            return new Measurement(false, true, heldOut);
        }
    }

    /** E[F] and the sample ASR of one image set. */
    private record Figures(double meanTestingFunction, double sampleAsr) {}

    private final int batchSize;
    private final Measurement measurement;

    /** The paper's measurement, on the defence images only. */
    public SubModelEvaluator(int batchSize) {
        this(batchSize, Measurement.paper(null));
    }

    public SubModelEvaluator(int batchSize, Measurement measurement) {
        this.batchSize = batchSize;
        this.measurement = measurement;
    }

    public SubModelReport evaluate(TriggerGeneratorModel model, Classifier classifier, ImageDataset defenseImages,
                                   int targetClass, double beta, long steps, long seed) {
        GradMode.disableOnThisThread();
        Figures defense = figures(model, classifier, defenseImages, targetClass, seed);
        ImageDataset heldOut = measurement.heldOut();
        Figures held = heldOut == null ? null : figures(model, classifier, heldOut, targetClass, seed);
        double meanF = defense.meanTestingFunction();
        return new SubModelReport(targetClass, beta, meanF, defense.sampleAsr(), mutualInformation(model, seed),
                diversity(model, seed), meanF < beta, steps, held == null ? null : held.meanTestingFunction(),
                held == null ? null : held.sampleAsr());
    }

    private Figures figures(TriggerGeneratorModel model, Classifier classifier, ImageDataset images, int targetClass,
                            long seed) {
        if (measurement.onePass()) {
            return onePass(model, classifier, images, targetClass, seed);
        }
        return new Figures(meanTestingFunction(model, classifier, images, targetClass, seed),
                sampleAsr(model, classifier, images, targetClass, seed));
    }

    /**
     * Both figures from one pass: every image gets its own sample G(z) at its own uniformly drawn location; E[F]
     * averages F over every image, the sample ASR counts the images not of {@code targetClass} classified as it.
     */
    private Figures onePass(TriggerGeneratorModel model, Classifier classifier, ImageDataset images, int targetClass,
                            long seed) {
        BatchAssembler assembler = new BatchAssembler(images, classifier.normalization());
        TriggerStamper stamper = new TriggerStamper(classifier.normalization());
        return classifier.withInference(network -> {
            double sumF = 0;
            long attacked = 0;
            long hits = 0;
            for (int from = 0, b = 0; from < images.size(); from += batchSize, b++) {
                int[] idx = batchIndices(from, images.size());
                try (NDManager step = model.manager().newSubManager()) {
                    SplittableRandom random = Seeds.stream(seed, "one-pass-measurement", b);
                    HostBatch batch = assembler.assemble(idx, Augmentation.NONE, random);
                    NDArray triggers = model.sample(step, idx.length, random);
                    StampPlan plan = StampPlan.all(StampingRule.PER_SAMPLE, idx.length, images.shape().height(),
                            images.shape().width(), model.height(), model.width(), random);
                    NDArray logits = network.logits(stamper.stamp(batch.imagesOn(step), triggers, plan));
                    sumF += logits.softmax(1).get(new NDIndex(":, {}", targetClass)).sum().getFloat();
                    long[] predicted = logits.argMax(1).toLongArray();
                    int[] labels = batch.labels();
                    for (int i = 0; i < labels.length; i++) {
                        if (labels[i] != targetClass) {
                            attacked++;
                            hits += predicted[i] == targetClass ? 1 : 0;
                        }
                    }
                }
            }
            return new Figures(sumF / images.size(), attacked == 0 ? 0.0 : (double) hits / attacked);
        });
    }

    private double sampleAsr(TriggerGeneratorModel model, Classifier classifier, ImageDataset images, int targetClass,
                             long seed) {
        return new ClassifierEvaluator(batchSize).attackSuccessRate(classifier, images,
                new GeneratorTriggerSource(model, "sample", 0), targetClass, StampingRule.PER_SAMPLE,
                Seeds.derive(seed, "sample-asr")).attackSuccessRate();
    }

    /** E_z[F(G(z))]: one location per batch as in the search, with the search noise only if the measurement says so. */
    private double meanTestingFunction(TriggerGeneratorModel model, Classifier classifier, ImageDataset images,
                                       int targetClass, long seed) {
        BatchAssembler assembler = new BatchAssembler(images, classifier.normalization());
        TriggerStamper stamper = new TriggerStamper(classifier.normalization());
        double sum = 0;
        int count = 0;
        for (int from = 0, b = 0; from < images.size(); from += batchSize, b++) {
            int[] idx = batchIndices(from, images.size());
            try (NDManager step = model.manager().newSubManager()) {
                SplittableRandom random = Seeds.stream(seed, "testing-function", b);
                NDArray x = assembler.assemble(idx, Augmentation.NONE, random).imagesOn(step);
                NDArray triggers = model.sample(step, idx.length, random);
                if (measurement.searchNoise()) {
                    triggers = withSearchNoise(triggers, model, step, random);
                }
                StampPlan plan = StampPlan.all(StampingRule.ONE_LOCATION_PER_BATCH, idx.length, images.shape().height(),
                        images.shape().width(), model.height(), model.width(), random);
                NDArray f = classifier.inferenceLogits(stamper.stamp(x, triggers, plan)).softmax(1)
                        .get(new NDIndex(":, {}", targetClass));
                sum += f.sum().getFloat();
                count += idx.length;
            }
        }
        return sum / count;
    }

    /** The indices of the batch that starts at image {@code from} of {@code size}. */
    private int[] batchIndices(int from, int size) {
        int[] idx = new int[Math.min(batchSize, size - from)];
        Arrays.setAll(idx, i -> from + i);
        return idx;
    }

    private static NDArray withSearchNoise(NDArray triggers, TriggerGeneratorModel model, NDManager step,
                                           SplittableRandom random) {
        float[] noise = new float[Math.toIntExact(triggers.size())];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (Seeds.gaussian(random) * model.config().noiseStd());
        }
        return triggers.add(step.create(noise, triggers.getShape()));
    }

    /** Î_T averaged over a few batches of fresh (z, z'), with G in inference mode. */
    private double mutualInformation(TriggerGeneratorModel model, long seed) {
        double total = 0;
        for (int b = 0; b < MI_BATCHES; b++) {
            try (NDManager step = model.manager().newSubManager()) {
                SplittableRandom random = Seeds.stream(seed, "mi-estimate", b);
                NDArray z = model.uniformNoise(step, batchSize, random);
                NDArray zMarginal = model.uniformNoise(step, batchSize, random);
                NDArray x = model.generate(z, false);
                total += MineEstimator.lowerBound(model.statistics(z, x), model.statistics(zMarginal, x)).getFloat();
            }
        }
        return total / MI_BATCHES;
    }

    /** Mean pairwise Euclidean distance between samples (pixel intensities). */
    private static double diversity(TriggerGeneratorModel model, long seed) {
        try (NDManager step = model.manager().newSubManager()) {
            NDArray x = model.sample(step, DIVERSITY_SAMPLES, Seeds.stream(seed, "diversity"))
                    .reshape(DIVERSITY_SAMPLES, -1);
            NDArray squared = x.square().sum(new int[] {1});
            NDArray gram = x.matMul(x.transpose());
            NDArray d2 = squared.reshape(-1, 1).add(squared.reshape(1, -1)).sub(gram.mul(2)).maximum(0f);
            double sum = d2.sqrt().sum().getFloat();
            long pairs = (long) DIVERSITY_SAMPLES * (DIVERSITY_SAMPLES - 1);
            return sum / pairs;
        }
    }
}
