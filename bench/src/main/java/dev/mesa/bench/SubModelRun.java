package dev.mesa.bench;

import ai.djl.Device;
import dev.mesa.data.DefenseSplit;
import dev.mesa.distribution.MesaConfig;
import dev.mesa.distribution.SubModelReport;
import dev.mesa.distribution.SubModelTrainer;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One MESA sub-model with a budget other than the paper's (e.g. twice the epochs), seeded like
 * {@code DefenseBenchmark}'s, so that its retraining ({@code RetrainCurve --generator}) can be compared with the
 * paper-budget one.
 */
@Command(name = "SubModelRun", mixinStandardHelpOptions = true)
public final class SubModelRun implements Callable<Integer> {
    @Mixin CifarOptions cifar;
    @Option(names = "--model", required = true) Path model;
    @Option(names = "--target") int target = 0;
    @Option(names = "--beta") double beta = 0.8;
    @Option(names = "--epochs") int epochs = 20;
    @Option(names = "--alpha") double alpha = 0.1;
    @Option(names = "--seed") long seed = 1;
    @Option(names = "--dir", required = true) Path dir;
    @Option(names = "--out", required = true) Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SubModelRun()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        DefenseSplit split = DefenseSplit.paper(cifar.load().test(), seed);
        MesaConfig config = MesaConfig.paper().toBuilder().epochs(epochs).alpha(alpha).build();
        Files.createDirectories(dir);
        Path file = DefenseBenchmark.generatorFile(dir, target, beta, epochs);
        long t0 = System.nanoTime();
        SubModelReport report;
        try (Classifier classifier = ModelFile.load(model, Device.cpu())) {
            report = SubModelTrainer.defaults().train(classifier, split.defense(), target, beta, 3, config,
                    seed + 1000L * target + Math.round(beta * 100),
                    new SubModelTrainer.Paths(dir.resolve(file.getFileName() + ".ckpt"), file), new ProgressLog(200));
        }
        Map<String, Object> result = BenchRecord.start("sub-model", "SubModelRun");
        result.put("generator", file.toString());
        result.put("report", report);
        result.put("seconds", (System.nanoTime() - t0) / 1e9);
        BenchRecord.write(out, result);
        System.out.println(report);
        return 0;
    }
}
