package dev.mesa.bench;

import ai.djl.Device;
import dev.mesa.data.DatasetSplits;
import dev.mesa.data.DefenceSplit;
import dev.mesa.defence.DetectionResult;
import dev.mesa.defence.DetectionRule;
import dev.mesa.defence.TargetDetector;
import dev.mesa.distribution.GeneratorFile;
import dev.mesa.distribution.MesaConfig;
import dev.mesa.distribution.SubModelReport;
import dev.mesa.distribution.SubModelTrainer;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
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
 * The paper's defence protocol on one backdoored CIFAR-10 model per trigger (docs/PROTOCOL.md): detection
 * over every class, the MESA staircase for the attacked class, retraining per β and for the uniform
 * ensemble, the single-reversed-trigger baseline (K rounds) and the ideal defence, all evaluated on the
 * 2,000-image evaluation split. Every stage's output is kept in the work directory, so a re-run resumes.
 */
@Command(name = "DefenceBenchmark", mixinStandardHelpOptions = true,
        description = "MESA detection + removal on backdoored CIFAR-10 models, with baselines.")
public final class DefenceBenchmark implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DefenceBenchmark.class);

    @Mixin CifarOptions cifar;
    @Option(names = "--models", description = "directory of the core benchmark's models") Path models = Path.of("bench/work/core");
    @Option(names = "--model-prefix") String modelPrefix = "clean-compact-w32-e30";
    @Option(names = "--model-suffix", description = "e.g. -e30 for models attacked for 30 epochs") String modelSuffix = "";
    @Option(names = "--work") Path work = Path.of("bench/work/defence");
    @Option(names = "--triggers", split = ",") List<Integer> triggers = List.of(170, 7, 186);
    @Option(names = "--target") int target = 0;
    @Option(names = "--detection-epochs") int detectionEpochs = 10;
    @Option(names = "--detection-beta") double detectionBeta = 0.9;
    @Option(names = "--baseline-rounds") int baselineRounds = 3;
    @Option(names = "--skip-detection", description = "train only the known target class's detection-β generator (for"
            + " extra triggers once detection has been measured; the result records that detection was skipped)")
    boolean skipDetection;
    @Option(names = "--seed") long seed = 1;
    @Option(names = "--out") Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DefenceBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        DatasetSplits data = cifar.load();
        DefenceSplit split = DefenceSplit.paper(data.test(), seed);
        MesaConfig config = MesaConfig.paper();
        List<Map<String, Object>> results = new ArrayList<>();
        for (int id : triggers) {
            results.add(defend(id, split, config));
            Map<String, Object> all = BenchRecord.start("defence", "DefenceBenchmark");
            all.put("protocol", protocol(config));
            all.put("triggers", results);
            all.put("peakRssMiB", MachineInfo.peakRssMiB());
            BenchRecord.write(out != null ? out : Path.of("bench/results/defence-" + LocalDate.now() + ".json"), all);
        }
        return 0;
    }

    private Map<String, Object> protocol(MesaConfig config) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mesa", config);
        p.put("detectionBeta", detectionBeta);
        p.put("detectionEpochs", detectionEpochs);
        p.put("baselineRounds", baselineRounds);
        p.put("detection", skipDetection ? "skipped: target class known" : "all classes");
        p.put("split", "test 10k -> 8000 defence / 2000 evaluation, seed " + seed);
        p.put("evaluation", "ASR of the original trigger on the 2000 evaluation images, per-sample random locations");
        return p;
    }

    private Map<String, Object> defend(int id, DefenceSplit split, MesaConfig config) throws Exception {
        TriggerPattern trigger = TriggerPattern.blackWhite(id, 3, 3);
        Path attacked = models.resolve(modelPrefix + "-bw" + id + "-t" + target + modelSuffix + ".mesa-model");
        Path dir = work.resolve("bw-" + id);
        Files.createDirectories(dir);
        StageTimer timer = new StageTimer();
        DefenceVariants variants = new DefenceVariants(attacked, split, trigger, target, seed, dir, timer);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("trigger", id);
        r.put("before", variants.evaluate(attacked));

        List<SubModelReport> perClass = new ArrayList<>();
        try (Classifier model = ModelFile.load(attacked, Device.cpu())) {
            for (int c = 0; c < model.spec().numClasses(); c++) {
                final int cls = c;
                if (skipDetection && cls != target) {
                    perClass.add(null);
                    continue;
                }
                perClass.add(timer.time(skipDetection ? "staircase" : "detection", () -> subModel(model, split, cls,
                        detectionBeta, config.withEpochs(detectionEpochs), dir)));
            }
        }
        if (skipDetection) {
            r.put("detection", "skipped (--skip-detection): target class " + target + " taken as known");
        } else {
            DetectionResult detection = new TargetDetector(DetectionRule.defaults()).decide(perClass);
            r.put("detection", detection);
            LOG.info("bw-{} detection: attacked {}", id, detection.attackedClasses());
        }

        Map<Double, Path> generators = new LinkedHashMap<>();
        Map<Double, SubModelReport> staircase = new LinkedHashMap<>();
        try (Classifier model = ModelFile.load(attacked, Device.cpu())) {
            for (double beta : config.betas()) {
                SubModelReport report = beta == detectionBeta && detectionEpochs == config.epochs()
                        ? perClass.get(target)
                        : timer.time("staircase", () -> subModel(model, split, target, beta, config, dir));
                staircase.put(beta, report);
                generators.put(beta, generatorFile(dir, target, beta, beta == detectionBeta && detectionEpochs == config.epochs()
                        ? detectionEpochs : config.epochs()));
            }
        }
        r.put("staircase", staircase.values());
        r.put("variants", variants.runAll(generators, staircase, baselineRounds));
        r.put("figures", variants.figures(generators));
        r.put("stageSeconds", timer.seconds());
        LOG.info("bw-{}: {}", id, r);
        return r;
    }

    private SubModelReport subModel(Classifier model, DefenceSplit split, int cls, double beta, MesaConfig config, Path dir) {
        Path file = generatorFile(dir, cls, beta, config.epochs());
        if (Files.exists(file)) {
            return GeneratorFile.metadata(file).report();
        }
        ProgressLog log = new ProgressLog(200);
        SubModelReport report = SubModelTrainer.defaults().train(model, split.defence(), cls, beta, 3, config,
                seed + 1000L * cls + Math.round(beta * 100), new SubModelTrainer.Paths(
                        dir.resolve(file.getFileName() + ".ckpt"), file), log);
        LOG.info("sub-model {} img/s median {}", report, Math.round(log.medianImagesPerSecond()));
        return report;
    }

    static Path generatorFile(Path dir, int cls, double beta, int epochs) {
        return dir.resolve("generator-c" + cls + "-b" + beta + "-e" + epochs + ".mesa-generator");
    }
}
