package dev.mesa.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mesa.data.BatchAssembler;
import dev.mesa.data.Augmentation;
import dev.mesa.data.HostBatch;
import dev.mesa.data.ImageDataset;
import dev.mesa.model.Classifier;
import dev.mesa.random.Seeds;
import dev.mesa.training.GradMode;
import dev.mesa.trigger.StampPlan;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerSource;
import dev.mesa.trigger.TriggerStamper;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Clean accuracy and attack success rate of a classifier, batched, in inference mode (BatchNorm running
 * statistics, no autograd).
 *
 * <p>ASR (docs/ALGORITHM.md): the fraction of the images whose true class is not the target that the model classifies
 * as the target once stamped with the trigger. Locations follow {@code rule} (per-sample random by default),
 * drawn from a stream seeded by {@code seed}.
 */
public final class ClassifierEvaluator {
    private final int batchSize;

    public ClassifierEvaluator(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1");
        }
        this.batchSize = batchSize;
    }

    public AccuracyReport accuracy(Classifier classifier, ImageDataset data) {
        return run(classifier, data, null, -1, StampingRule.PER_SAMPLE, 0).accuracy();
    }

    public AttackReport attackSuccessRate(Classifier classifier, ImageDataset data, TriggerSource trigger, int targetClass,
                                          StampingRule rule, long seed) {
        if (targetClass < 0 || targetClass >= data.numClasses()) {
            throw new IllegalArgumentException("target class " + targetClass + " outside 0.." + (data.numClasses() - 1));
        }
        return run(classifier, data, trigger, targetClass, rule, seed).attack();
    }

    private Counts run(Classifier classifier, ImageDataset data, TriggerSource trigger, int target, StampingRule rule,
                       long seed) {
        GradMode.disableOnThisThread();
        BatchAssembler assembler = new BatchAssembler(data, classifier.normalization());
        TriggerStamper stamper = new TriggerStamper(classifier.normalization());
        int[] indices = trigger == null ? allIndices(data.size()) : data.indicesExcludingClass(target);
        // one inference network for the whole pass (compiled once even when the classifier is not frozen)
        return classifier.withInference(network -> {
            Counts counts = new Counts(data.numClasses(), target);
            for (int from = 0, b = 0; from < indices.length; from += batchSize, b++) {
                int[] batchIdx = Arrays.copyOfRange(indices, from, Math.min(indices.length, from + batchSize));
                try (NDManager step = classifier.manager().newSubManager()) {
                    SplittableRandom random = Seeds.stream(seed, "evaluation-stamp", b);
                    HostBatch batch = assembler.assemble(batchIdx, Augmentation.NONE, random);
                    NDArray images = batch.imagesOn(step);
                    if (trigger != null) {
                        StampPlan plan = StampPlan.all(rule, batchIdx.length, data.shape().height(), data.shape().width(),
                                trigger.height(), trigger.width(), random);
                        images = stamper.stamp(images, trigger.sample(step, batchIdx.length, random, 0), plan);
                    }
                    long[] predicted = network.logits(images).argMax(1).toLongArray();
                    counts.add(batch.labels(), predicted);
                }
            }
            return counts;
        });
    }

    private static int[] allIndices(int n) {
        int[] a = new int[n];
        Arrays.setAll(a, i -> i);
        return a;
    }

    /** Per-class tallies of one evaluation pass. */
    private static final class Counts {
        private final int[] seen;
        private final int[] hits;
        private final int target;

        Counts(int classes, int target) {
            this.seen = new int[classes];
            this.hits = new int[classes];
            this.target = target;
        }

        void add(int[] labels, long[] predicted) {
            for (int i = 0; i < labels.length; i++) {
                seen[labels[i]]++;
                boolean hit = target < 0 ? predicted[i] == labels[i] : predicted[i] == target;
                hits[labels[i]] += hit ? 1 : 0;
            }
        }

        AccuracyReport accuracy() {
            return new AccuracyReport(ratio(Arrays.stream(hits).sum(), Arrays.stream(seen).sum()), perClass(),
                    Arrays.stream(seen).sum());
        }

        AttackReport attack() {
            return new AttackReport(target, ratio(Arrays.stream(hits).sum(), Arrays.stream(seen).sum()), perClass(),
                    Arrays.stream(seen).sum());
        }

        private double[] perClass() {
            double[] r = new double[seen.length];
            for (int c = 0; c < seen.length; c++) {
                r[c] = seen[c] == 0 ? Double.NaN : (double) hits[c] / seen[c];
            }
            return r;
        }

        private static double ratio(int a, int b) {
            return b == 0 ? Double.NaN : (double) a / b;
        }
    }
}
