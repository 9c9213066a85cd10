package dev.mesa.bench;

import ai.djl.Device;
import dev.mesa.attack.BackdoorInjector;
import dev.mesa.data.DatasetSplits;
import dev.mesa.data.DefenseSplit;
import dev.mesa.evaluation.ClassifierEvaluator;
import dev.mesa.model.Classifier;
import dev.mesa.model.ClassifierSpec;
import dev.mesa.model.ModelFile;
import dev.mesa.training.BatchTransform;
import dev.mesa.training.ClassifierTrainer;
import dev.mesa.training.ClassifierTrainingConfig;
import dev.mesa.training.LoopSettings;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Core-engine benchmark on real CIFAR-10: clean training of a compact model, then backdoor injection with
 * several triggers; records accuracy, ASR, wall time, throughput and peak memory. Resumable: models and
 * checkpoints live in the work directory, so a re-run skips finished stages.
 */
@Command(name = "CoreBenchmark", mixinStandardHelpOptions = true,
        description = "Clean training + backdoor injection on CIFAR-10, with timings.")
public final class CoreBenchmark implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(CoreBenchmark.class);

    @Mixin CifarOptions cifar;
    @Option(names = "--work", description = "work directory for models and checkpoints (default: ${DEFAULT-VALUE})")
    Path work = Path.of("bench/work/core");
    @Option(names = "--architecture") String architecture = ClassifierSpec.COMPACT;
    @Option(names = "--width") int width = 32;
    @Option(names = "--epochs") int epochs = 30;
    @Option(names = "--learning-rate") double learningRate = 0.1;
    @Option(names = "--triggers", split = ",") List<Integer> triggers = List.of(170, 7, 186);
    @Option(names = "--target") int target = 0;
    @Option(names = "--poison") double poison = 0.01;
    @Option(names = "--attack-epochs") int attackEpochs = 10;
    @Option(names = "--seed") long seed = 1;
    @Option(names = "--clean-only", description = "stop after clean training and its evaluation (a timed run)")
    boolean cleanOnly;
    @Option(names = "--out", description = "result JSON (default: bench/results/core-<date>.json)") Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CoreBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Object> result = BenchRecord.start("core", "CoreBenchmark");
        Files.createDirectories(work);

        long t0 = System.nanoTime();
        DatasetSplits data = cifar.load();
        DefenseSplit split = DefenseSplit.paper(data.test(), seed);
        result.put("loadSeconds", seconds(t0));
        result.put("dataset", Map.of("train", data.train().size(), "test", data.test().size(),
                "normalization", data.normalization().toString()));
        ClassifierEvaluator evaluator = new ClassifierEvaluator(500);

        ClassifierSpec spec = new ClassifierSpec(architecture, width, data.numClasses(), data.shape());
        Path cleanModel = work.resolve("clean-" + architecture + "-w" + width + "-e" + epochs + ".mesa-model");
        Map<String, Object> clean = new LinkedHashMap<>();
        if (!Files.exists(cleanModel)) {
            try (Classifier classifier = Classifier.create(spec, data.normalization(), data.train().classNames(), seed,
                    Device.cpu())) {
                ClassifierTrainingConfig config = ClassifierTrainingConfig.cleanTraining(epochs, seed);
                config = new ClassifierTrainingConfig(new LoopSettings(epochs, 128, true, 20, 200),
                        dev.mesa.training.LearningRateSchedule.oneCycle(learningRate, 0.15), config.momentum(),
                        config.weightDecay(), config.nesterov(), config.augmentation(), config.labelSmoothing(), seed);
                ProgressLog log = new ProgressLog(100);
                long t = System.nanoTime();
                new ClassifierTrainer("clean-training", classifier, data.train(), config, BatchTransform.NONE, "none")
                        .train(work.resolve(cleanModel.getFileName() + ".ckpt"), log);
                clean.put("trainSeconds", seconds(t));
                clean.put("medianImagesPerSecond", log.medianImagesPerSecond());
                ModelFile.save(cleanModel, classifier, data.train().name(), "clean " + spec);
            }
        }
        try (Classifier classifier = ModelFile.load(cleanModel, Device.cpu())) {
            clean.put("parameters", classifier.parameterCount(false));
            clean.put("testAccuracy", evaluator.accuracy(classifier, data.test()).accuracy());
            clean.put("evaluationSplitAccuracy", evaluator.accuracy(classifier, split.evaluation()).accuracy());
            List<Map<String, Object>> before = new ArrayList<>();
            for (int id : triggers) {
                before.add(Map.of("trigger", id, "asr", evaluator.attackSuccessRate(classifier, data.test(),
                        new FixedTriggerSource(TriggerPattern.blackWhite(id, 3, 3)), target, StampingRule.PER_SAMPLE,
                        seed).attackSuccessRate()));
            }
            clean.put("asrBeforeAttack", before);
        }
        result.put("spec", spec);
        result.put("clean", clean);
        LOG.info("clean: {}", clean);
        if (cleanOnly) {
            result.put("peakRssMiB", MachineInfo.peakRssMiB());
            result.put("totalSeconds", seconds(t0));
            write(result);
            return 0;
        }

        List<Map<String, Object>> attacks = new ArrayList<>();
        for (int id : triggers) {
            TriggerPattern trigger = TriggerPattern.blackWhite(id, 3, 3);
            Path attacked = work.resolve(cleanModel.getFileName().toString().replace(".mesa-model", "")
                    + "-bw" + id + "-t" + target + ".mesa-model");
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("trigger", id);
            if (!Files.exists(attacked)) {
                try (Classifier classifier = ModelFile.load(cleanModel, Device.cpu())) {
                    ProgressLog log = new ProgressLog(100);
                    long t = System.nanoTime();
                    ClassifierTrainingConfig config = ClassifierTrainingConfig.fineTuning(attackEpochs, 1e-3, seed + id);
                    BackdoorInjector.inject(classifier, data.train(), new BackdoorInjector.Attack(trigger, target, poison),
                            config, work.resolve(attacked.getFileName() + ".ckpt"), log);
                    a.put("attackSeconds", seconds(t));
                    a.put("medianImagesPerSecond", log.medianImagesPerSecond());
                    ModelFile.save(attacked, classifier, data.train().name(), "backdoored " + trigger.name() + " -> " + target);
                }
            }
            try (Classifier classifier = ModelFile.load(attacked, Device.cpu())) {
                FixedTriggerSource source = new FixedTriggerSource(trigger);
                a.put("testAccuracy", evaluator.accuracy(classifier, data.test()).accuracy());
                a.put("asr", evaluator.attackSuccessRate(classifier, data.test(), source, target, StampingRule.PER_SAMPLE,
                        seed).attackSuccessRate());
                a.put("evaluationSplitAccuracy", evaluator.accuracy(classifier, split.evaluation()).accuracy());
                a.put("evaluationSplitAsr", evaluator.attackSuccessRate(classifier, split.evaluation(), source, target,
                        StampingRule.PER_SAMPLE, seed).attackSuccessRate());
            }
            LOG.info("attack: {}", a);
            attacks.add(a);
        }
        result.put("attacks", attacks);
        result.put("peakRssMiB", MachineInfo.peakRssMiB());
        result.put("totalSeconds", seconds(t0));
        write(result);
        return 0;
    }

    private void write(Map<String, Object> result) throws java.io.IOException {
        BenchRecord.write(out != null ? out : Path.of("bench/results/core-" + LocalDate.now() + ".json"), result);
    }

    private static double seconds(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
    }
}
