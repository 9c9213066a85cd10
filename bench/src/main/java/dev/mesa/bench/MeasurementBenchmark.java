package dev.mesa.bench;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import dev.mesa.checkpoint.JsonCodec;
import dev.mesa.data.DefenseSplit;
import dev.mesa.distribution.GeneratorFile;
import dev.mesa.distribution.MesaConfig;
import dev.mesa.distribution.SubModelEvaluator;
import dev.mesa.distribution.SubModelReport;
import dev.mesa.distribution.TriggerGeneratorModel;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The end-of-training measurement of one generator, the paper's two passes per image set against the one pass
 * ({@link SubModelEvaluator.Measurement#onePass}), interleaved over {@code --rounds}, on the CIFAR-10 defence and
 * evaluation images and a real model, on this JVM's torch threads ({@code MESA_THREADS=1} for a slot's unit). The
 * generator is freshly initialised: the work per image is the same whatever its weights, so the figures it reports
 * are not meaningful, only the times.
 *
 * <p>With {@code --generator}, a trained generator from a store is measured instead, both ways, under
 * {@code --seeds} measurement seeds: the spread of E[F] across seeds says how far each estimator's skip decision
 * (E[F] &lt; β) can be trusted for a generator near its threshold.
 */
@Command(name = "MeasurementBenchmark", mixinStandardHelpOptions = true,
        description = "Times a generator's measurement: two passes per image set against one.")
public final class MeasurementBenchmark implements Callable<Integer> {
    @Mixin CifarOptions cifar;
    @Option(names = "--model", required = true, description = "the classifier the generator is measured against")
    Path model;
    @Option(names = "--rounds", description = "interleaved rounds of both (default: ${DEFAULT-VALUE})") int rounds = 5;
    @Option(names = "--seed") long seed = 1;
    @Option(names = "--out", description = "JSON record to write") Path out;
    @Option(names = "--generator", description = "a stored generator.mesa-generator to measure under --seeds seeds")
    Path generatorFile;
    @Option(names = "--target-class", description = "the generator's target class (default: ${DEFAULT-VALUE})")
    int targetClass = 0;
    @Option(names = "--beta", description = "the generator's β, for the skip decision (default: ${DEFAULT-VALUE})")
    double beta = 0.9;
    @Option(names = "--seeds", description = "measurement seeds 1..N with --generator (default: ${DEFAULT-VALUE})")
    int seeds = 10;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MeasurementBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        DefenseSplit split = DefenseSplit.paper(cifar.load().test(), seed);
        SubModelEvaluator twoPasses = new SubModelEvaluator(256, SubModelEvaluator.Measurement.paper(split.evaluation()));
        SubModelEvaluator onePass = new SubModelEvaluator(256, SubModelEvaluator.Measurement.onePass(split.evaluation()));
        if (generatorFile != null) {
            return spread(split, Map.of("twoPasses", twoPasses, "onePass", onePass));
        }
        List<Double> twoSeconds = new ArrayList<>();
        List<Double> oneSeconds = new ArrayList<>();
        try (Classifier classifier = ModelFile.load(model, Device.cpu());
             TriggerGeneratorModel generator = TriggerGeneratorModel.create(MesaConfig.paper(), 3, 3, 3, seed,
                     Device.cpu())) {
            classifier.freeze(true);
            time(twoPasses, generator, classifier, split); // warm-up: the inference network, allocator pools
            for (int r = 0; r < rounds; r++) {
                twoSeconds.add(time(twoPasses, generator, classifier, split));
                oneSeconds.add(time(onePass, generator, classifier, split));
            }
        }
        Map<String, Object> record = BenchRecord.start("measurement", "MeasurementBenchmark");
        record.put("model", model.toString());
        record.put("torchThreads", JniUtils.getNumThreads());
        record.put("defenseImages", split.defense().size());
        record.put("evaluationImages", split.evaluation().size());
        record.put("rounds", rounds);
        record.put("twoPassesSeconds", twoSeconds);
        record.put("onePassSeconds", oneSeconds);
        Map<String, Object> medians = new LinkedHashMap<>();
        medians.put("twoPasses", median(twoSeconds));
        medians.put("onePass", median(oneSeconds));
        medians.put("saved", median(twoSeconds) - median(oneSeconds));
        record.put("medianSeconds", medians);
        return emit(record);
    }

    /** Both estimators on one trained generator, under each measurement seed: per-seed figures, mean, sd, skips. */
    private int spread(DefenseSplit split, Map<String, SubModelEvaluator> evaluators) throws Exception {
        Map<String, Object> byEstimator = new LinkedHashMap<>();
        try (Classifier classifier = ModelFile.load(model, Device.cpu());
             TriggerGeneratorModel generator = GeneratorFile.load(generatorFile, Device.cpu())) {
            classifier.freeze(true);
            for (String name : List.of("twoPasses", "onePass")) {
                List<Map<String, Object>> perSeed = new ArrayList<>();
                List<Double> meanF = new ArrayList<>();
                int skips = 0;
                for (long s = 1; s <= seeds; s++) {
                    long t = System.nanoTime();
                    SubModelReport r = evaluators.get(name).evaluate(generator, classifier, split.defense(),
                            targetClass, beta, 0, s);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("seed", s);
                    row.put("meanTestingFunction", r.meanTestingFunction());
                    row.put("sampleAsr", r.sampleAsr());
                    row.put("heldOutTestingFunction", r.heldOutTestingFunction());
                    row.put("heldOutSampleAsr", r.heldOutSampleAsr());
                    row.put("seconds", (System.nanoTime() - t) / 1e9);
                    perSeed.add(row);
                    meanF.add(r.meanTestingFunction());
                    skips += r.skipped() ? 1 : 0;
                }
                double mean = meanF.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                double var = meanF.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / Math.max(1, seeds - 1);
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("meanOfMeanTestingFunction", mean);
                summary.put("sdOfMeanTestingFunction", Math.sqrt(var));
                summary.put("seedsSkipped", skips);
                summary.put("perSeed", perSeed);
                byEstimator.put(name, summary);
            }
        }
        Map<String, Object> record = BenchRecord.start("measurement-spread", "MeasurementBenchmark");
        record.put("model", model.toString());
        record.put("generator", generatorFile.toString());
        record.put("targetClass", targetClass);
        record.put("beta", beta);
        record.put("seeds", seeds);
        record.put("torchThreads", JniUtils.getNumThreads());
        record.put("estimators", byEstimator);
        return emit(record);
    }

    private int emit(Map<String, Object> record) throws Exception {
        System.out.println(JsonCodec.toText(record));
        if (out != null) {
            BenchRecord.write(out, record);
        }
        return 0;
    }

    private static double time(SubModelEvaluator evaluator, TriggerGeneratorModel generator, Classifier classifier,
                               DefenseSplit split) {
        long t = System.nanoTime();
        SubModelReport report = evaluator.evaluate(generator, classifier, split.defense(), 0, 0.9, 0, 7);
        if (!Double.isFinite(report.meanTestingFunction()) || report.heldOutSampleAsr() == null) {
            throw new IllegalStateException("incomplete measurement: " + report);
        }
        return (System.nanoTime() - t) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
