package dev.mesa.bench;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import dev.mesa.data.DefenseSplit;
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

    public static void main(String[] args) {
        System.exit(new CommandLine(new MeasurementBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        DefenseSplit split = DefenseSplit.paper(cifar.load().test(), seed);
        SubModelEvaluator twoPasses = new SubModelEvaluator(256, SubModelEvaluator.Measurement.paper(split.evaluation()));
        SubModelEvaluator onePass = new SubModelEvaluator(256, SubModelEvaluator.Measurement.onePass(split.evaluation()));
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
        System.out.println(dev.mesa.checkpoint.JsonCodec.toText(record));
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
