package dev.mesa.bench;

import ai.djl.Device;
import dev.mesa.data.DatasetSplits;
import dev.mesa.data.DefenseSplit;
import dev.mesa.defense.BackdoorRemover;
import dev.mesa.defense.RetrainConfig;
import dev.mesa.distribution.GeneratorFile;
import dev.mesa.distribution.GeneratorTriggerSource;
import dev.mesa.distribution.TriggerGeneratorModel;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import dev.mesa.training.ClassifierTrainingConfig;
import dev.mesa.training.TrainingListener;
import dev.mesa.training.TrainingProgress;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.TriggerPattern;
import dev.mesa.trigger.TriggerSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The removal step alone, for longer than the paper's 10 epochs, with the original trigger's ASR and the clean
 * accuracy on the evaluation split after every epoch: how much retraining a given backdoored model needs. The
 * triggers come from a stored MESA sub-model ({@code --generator}) or are the original one (the ideal defence).
 */
@Command(name = "RetrainCurve", mixinStandardHelpOptions = true)
public final class RetrainCurve implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RetrainCurve.class);

    @Mixin CifarOptions cifar;
    @Option(names = "--model", required = true, description = "the backdoored model (never modified)") Path model;
    @Option(names = "--generator", description = "a MESA sub-model; without it, the original trigger (ideal)") Path generator;
    @Option(names = "--trigger", required = true) int trigger;
    @Option(names = "--target") int target = 0;
    @Option(names = "--epochs") int epochs = 20;
    @Option(names = "--noise", description = "N(0, σ²) added to each sampled trigger (Eq. 5 of the paper: none; "
            + "the plain-PyTorch reference's retraining step adds the search noise σ = 0.1)") double noise;
    @Option(names = "--seed") long seed = 1;
    @Option(names = "--work", required = true, description = "directory for the checkpoint") Path work;
    @Option(names = "--out", required = true) Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RetrainCurve()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        DatasetSplits data = cifar.load();
        DefenseSplit split = DefenseSplit.paper(data.test(), seed);
        TriggerPattern original = TriggerPattern.blackWhite(trigger, 3, 3);
        List<Map<String, Object>> curve = new ArrayList<>();
        Files.createDirectories(work);
        long t0 = System.nanoTime();
        try (TriggerGeneratorModel g = generator == null ? null : GeneratorFile.load(generator, Device.cpu());
             Classifier copy = ModelFile.load(model, Device.cpu())) {
            TriggerSource source = g == null ? new FixedTriggerSource(original) : new GeneratorTriggerSource(g, "mesa", noise);
            curve.add(point(0, copy, split, original));
            TrainingListener perEpoch = new TrainingListener() {
                @Override
                public void onEpochEnd(String loop, int epoch, TrainingProgress progress) {
                    curve.add(point(epoch + 1, copy, split, original));
                }
            };
            RetrainConfig config = new RetrainConfig(0.01, ClassifierTrainingConfig.fineTuning(epochs, 1e-3, seed));
            BackdoorRemover.retrain(copy, split.defense(), source, config, work.resolve("retrain-curve.ckpt"), perEpoch);
        }
        Map<String, Object> result = BenchRecord.start("retrain-curve", "RetrainCurve");
        result.put("model", model.toString());
        result.put("triggers", generator == null ? "original (ideal)" : generator.toString());
        result.put("noise", noise);
        result.put("curve", curve);
        result.put("seconds", (System.nanoTime() - t0) / 1e9);
        BenchRecord.write(out, result);
        return 0;
    }

    private Map<String, Object> point(int epoch, Classifier c, DefenseSplit split, TriggerPattern original) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("epoch", epoch);
        p.putAll(SplitScore.of(c, split, original, target, seed));
        LOG.info("retraining epoch {}: {}", epoch, p);
        return p;
    }
}
