package dev.mesa.bench;

import ai.djl.Device;
import dev.mesa.attack.BackdoorInjector;
import dev.mesa.data.DatasetSplits;
import dev.mesa.data.DefenseSplit;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import dev.mesa.training.ClassifierTrainingConfig;
import dev.mesa.training.TrainingListener;
import dev.mesa.training.TrainingProgress;
import dev.mesa.training.TrainingStoppedException;
import dev.mesa.trigger.TriggerPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Continues the paper's poisoning (r = 1%, SGD 1e-3, momentum 0.9, batch 128) from an already attacked model
 * for more epochs, measuring clean accuracy and ASR on the evaluation split after every epoch: how many
 * poisoned views a model needs before the backdoor generalises to every trigger location.
 */
@Command(name = "AttackCurve", mixinStandardHelpOptions = true)
public final class AttackCurve implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(AttackCurve.class);

    @Mixin CifarOptions cifar;
    @Option(names = "--from", required = true, description = "attacked model to continue from") Path from;
    @Option(names = "--done-epochs", description = "epochs the --from model was already attacked for") int doneEpochs = 10;
    @Option(names = "--epochs", description = "further epochs") int epochs = 10;
    @Option(names = "--trigger") int trigger = 7;
    @Option(names = "--target") int target = 0;
    @Option(names = "--poison") double poison = 0.01;
    @Option(names = "--seed") long seed = 1;
    @Option(names = "--to", required = true, description = "where the longer-attacked model is written") Path to;
    @Option(names = "--out") Path out;
    @Option(names = "--checkpoint", description = "checkpoint of this run (default: --to + .ckpt)") Path checkpoint;
    @Option(names = "--stop-at-asr", description = "stop after the first epoch whose evaluation-split ASR reaches "
            + "this (the attacker trains until the backdoor works); the checkpoint is kept, so the same command "
            + "without this option continues to --epochs") Double stopAtAsr;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AttackCurve()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        DatasetSplits data = cifar.load();
        DefenseSplit split = DefenseSplit.paper(data.test(), seed);
        TriggerPattern pattern = TriggerPattern.blackWhite(trigger, 3, 3);
        List<Map<String, Object>> curve = new ArrayList<>();
        long t0 = System.nanoTime();
        try (Classifier classifier = ModelFile.load(from, Device.cpu())) {
            curve.add(point(doneEpochs, classifier, split, pattern));
            TrainingListener perEpoch = new TrainingListener() {
                @Override
                public void onEpochEnd(String loop, int epoch, TrainingProgress progress) {
                    curve.add(point(doneEpochs + epoch + 1, classifier, split, pattern));
                }

                @Override
                public boolean stopRequested() {
                    return stopAtAsr != null && curve.size() > 1
                            && (double) curve.get(curve.size() - 1).get("asr") >= stopAtAsr;
                }
            };
            ClassifierTrainingConfig config = ClassifierTrainingConfig.fineTuning(epochs, 1e-3, seed + trigger + 7919L * doneEpochs);
            Path ckpt = checkpoint != null ? checkpoint : Path.of(to + ".ckpt");
            try {
                BackdoorInjector.inject(classifier, data.train(), new BackdoorInjector.Attack(pattern, target, poison),
                        config, ckpt, perEpoch);
            } catch (TrainingStoppedException stopped) {
                LOG.info("ASR reached {} after epoch {}; stopping (checkpoint kept at {})", stopAtAsr,
                        curve.get(curve.size() - 1).get("epoch"), ckpt);
            }
            Object lastEpoch = curve.get(curve.size() - 1).get("epoch");
            ModelFile.save(to, classifier, data.train().name(), "backdoored " + pattern.name() + " -> " + target + ", "
                    + lastEpoch + " epochs of 1% poisoning");
        }
        Map<String, Object> result = BenchRecord.start("attack-curve", "AttackCurve");
        result.put("trigger", trigger);
        result.put("curve", curve);
        result.put("seconds", (System.nanoTime() - t0) / 1e9);
        BenchRecord.write(out != null ? out
                : Path.of("bench/results/attack-curve-bw" + trigger + "-" + LocalDate.now() + ".json"), result);
        return 0;
    }

    private Map<String, Object> point(int epoch, Classifier c, DefenseSplit split, TriggerPattern pattern) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("epoch", epoch);
        p.putAll(SplitScore.of(c, split, pattern, target, seed));
        LOG.info("epoch {}: {}", epoch, p);
        return p;
    }
}
