package dev.mesa.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.mesa.data.Augmentation;
import dev.mesa.data.BatchAssembler;
import dev.mesa.data.DefenseSplit;
import dev.mesa.data.ImageDataset;
import dev.mesa.distribution.GeneratorFile;
import dev.mesa.distribution.GeneratorTriggerSource;
import dev.mesa.distribution.TriggerGeneratorModel;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import dev.mesa.random.Seeds;
import dev.mesa.training.GradMode;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.StampPlan;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerPattern;
import dev.mesa.trigger.TriggerSource;
import dev.mesa.trigger.TriggerStamper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Gap experiment 4 (issue 16), a cheap proxy for the clean model's label smoothing: the distribution over
 * non-target evaluation images of F = softmax(P(Apply(m, x)))[c] for the original trigger, against that of the
 * generators' samples (one fresh sample per image, each at a random location). A model trained with label
 * smoothing caps its confidence, so a β close to that cap can be out of reach for the original trigger itself.
 */
@Command(name = "TestingFunctionDistribution", mixinStandardHelpOptions = true)
public final class TestingFunctionDistribution implements Callable<Integer> {
    private static final double[] QUANTILES = {0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95};
    private static final int BATCH = 500;

    @Mixin CifarOptions cifar;
    @Option(names = "--model", required = true) Path model;
    @Option(names = "--trigger", required = true) int trigger;
    @Option(names = "--target") int target = 0;
    @Option(names = "--generators", split = ",", description = "sub-model files to compare (optional)")
    List<Path> generators = List.of();
    @Option(names = "--betas", split = ",", description = "levels whose share F >= beta is reported")
    List<Double> betas = List.of(0.5, 0.8, 0.9);
    @Option(names = "--seed") long seed = 1;
    @Option(names = "--out", required = true) Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TestingFunctionDistribution()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        GradMode.disableOnThisThread();
        DefenseSplit split = DefenseSplit.paper(cifar.load().test(), seed);
        ImageDataset images = split.evaluation().subset("evaluation-non-target",
                split.evaluation().indicesExcludingClass(target));
        Map<String, Object> result = BenchRecord.start("testing-function-distribution", "TestingFunctionDistribution");
        result.put("model", model.toString());
        result.put("images", images.size() + " non-target evaluation images, per-image random locations");
        Map<String, Object> distributions = new LinkedHashMap<>();
        try (Classifier classifier = ModelFile.load(model, Device.cpu())) {
            distributions.put("original bw-" + trigger, summary(values(classifier, images,
                    new FixedTriggerSource(TriggerPattern.blackWhite(trigger, 3, 3)))));
            for (Path file : generators) {
                try (TriggerGeneratorModel g = GeneratorFile.load(file, Device.cpu())) {
                    distributions.put(file.getFileName().toString(), summary(values(classifier, images,
                            new GeneratorTriggerSource(g, "samples", 0))));
                }
            }
        }
        result.put("distributions", distributions);
        BenchRecord.write(out, result);
        return 0;
    }

    private double[] values(Classifier classifier, ImageDataset images, TriggerSource source) {
        BatchAssembler assembler = new BatchAssembler(images, classifier.normalization());
        TriggerStamper stamper = new TriggerStamper(classifier.normalization());
        double[] f = new double[images.size()];
        for (int from = 0, b = 0; from < images.size(); from += BATCH, b++) {
            int[] idx = new int[Math.min(BATCH, images.size() - from)];
            final int offset = from;
            Arrays.setAll(idx, i -> offset + i);
            try (NDManager step = classifier.manager().newSubManager()) {
                SplittableRandom random = Seeds.stream(seed, "f-distribution", b);
                NDArray x = assembler.assemble(idx, Augmentation.NONE, random).imagesOn(step);
                NDArray triggers = source.sample(step, idx.length, random, 0);
                StampPlan plan = StampPlan.all(StampingRule.PER_SAMPLE, idx.length, images.shape().height(),
                        images.shape().width(), source.height(), source.width(), random);
                float[] batch = classifier.inferenceLogits(stamper.stamp(x, triggers, plan)).softmax(1)
                        .get(new NDIndex(":, {}", target)).toFloatArray();
                for (int i = 0; i < batch.length; i++) {
                    f[from + i] = batch[i];
                }
            }
        }
        return f;
    }

    private Map<String, Object> summary(double[] f) {
        double[] sorted = f.clone();
        Arrays.sort(sorted);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", Arrays.stream(f).average().orElseThrow());
        Map<String, Double> q = new LinkedHashMap<>();
        for (double p : QUANTILES) {
            q.put("p" + Math.round(p * 100), sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);
        }
        m.put("quantiles", q);
        Map<String, Double> share = new LinkedHashMap<>();
        for (double beta : betas) {
            share.put(">=" + beta, Arrays.stream(f).filter(v -> v >= beta).count() / (double) f.length);
        }
        m.put("shareAtLeast", share);
        return m;
    }
}
