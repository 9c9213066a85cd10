package dev.mesa.bench;

import ai.djl.Device;
import dev.mesa.data.DefenseSplit;
import dev.mesa.defense.BackdoorRemover;
import dev.mesa.defense.RetrainConfig;
import dev.mesa.distribution.GeneratorFile;
import dev.mesa.distribution.GeneratorTriggerSource;
import dev.mesa.distribution.TriggerGeneratorModel;
import dev.mesa.evaluation.ClassifierEvaluator;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerDisplacement;
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
 * Gap experiment 1 (issue 16), coverage: how much does unlearning weaken when the trigger retrained with lies at a
 * fixed L2 distance from the original? For each distance, the original trigger moved by exactly that distance
 * ({@link TriggerDisplacement}) retrains a copy of the model with the paper's removal step (r = 1%, 10 epochs, 630
 * steps on 8,000 images), and the original trigger's ASR afterwards is the dose-response; distance 0 is the ideal
 * defence. The moved trigger's own ASR on the attacked model says whether it is still a valid trigger. With
 * {@code --generator} and {@code --mesa-model} (that generator's retrained model), it also measures the MESA-retrained
 * model on its own generator's samples and how far those samples lie from the original trigger.
 */
@Command(name = "CoverageDoseResponse", mixinStandardHelpOptions = true)
public final class CoverageDoseResponse implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(CoverageDoseResponse.class);
    private static final ClassifierEvaluator EVALUATOR = new ClassifierEvaluator(500);

    @Mixin CifarOptions cifar;
    @Option(names = "--model", required = true, description = "the backdoored model (never modified)") Path model;
    @Option(names = "--trigger", required = true) int trigger;
    @Option(names = "--target") int target = 0;
    @Option(names = "--distances", split = ",") List<Double> distances = List.of(0.0, 0.5, 1.0, 1.5);
    @Option(names = "--directions", description = "seeded directions per distance") int directions = 1;
    @Option(names = "--generator", description = "a MESA sub-model of this model (optional)") Path generator;
    @Option(names = "--mesa-model", description = "the model retrained with --generator's samples") Path mesaModel;
    @Option(names = "--samples") int samples = 2000;
    @Option(names = "--retrain-epochs", description = "retraining epochs (default: the paper's 10, 630 steps on 8,000"
            + " images; fewer only to try the harness)") int retrainEpochs = 10;
    @Option(names = "--seed") long seed = 1;
    @Option(names = "--work", required = true, description = "retrained models and checkpoints (a re-run resumes)")
    Path work;
    @Option(names = "--out", required = true) Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CoverageDoseResponse()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if ((generator == null) != (mesaModel == null)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--generator and --mesa-model go together");
        }
        DefenseSplit split = DefenseSplit.paper(cifar.load().test(), seed);
        TriggerPattern original = TriggerPattern.blackWhite(trigger, 3, 3);
        Files.createDirectories(work);
        long t0 = System.nanoTime();
        Map<String, Object> result = BenchRecord.start("coverage-dose-response", "CoverageDoseResponse");
        result.put("model", model.toString());
        result.put("trigger", trigger);
        result.put("retraining", retraining());
        try (Classifier attacked = ModelFile.load(model, Device.cpu())) {
            result.put("before", SplitScore.of(attacked, split, original, target, seed));
        }
        List<Map<String, Object>> doses = new ArrayList<>();
        result.put("doses", doses);
        for (double d : distances) {
            for (int k = 0; k < (d == 0 ? 1 : directions); k++) {
                doses.add(dose(split, original, d, k));
                result.put("seconds", (System.nanoTime() - t0) / 1e9);
                BenchRecord.write(out, result);
            }
        }
        if (generator != null) {
            result.put("mesaOnOwnSamples", ownSamples(split, original));
        }
        result.put("seconds", (System.nanoTime() - t0) / 1e9);
        BenchRecord.write(out, result);
        return 0;
    }

    private Map<String, Object> dose(DefenseSplit split, TriggerPattern original, double d, int direction)
            throws Exception {
        TriggerPattern moved = TriggerDisplacement.moved(original, d, seed, direction);
        Path file = work.resolve("retrained-d" + d + "-k" + direction + "-r" + retrainEpochs + ".mesa-model");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("distance", d);
        p.put("direction", direction);
        p.put("exactDistance", TriggerDisplacement.distance(moved.values(), original.values()));
        p.put("movedTrigger", moved.values());
        try (Classifier attacked = ModelFile.load(model, Device.cpu())) {
            p.put("movedTriggerAsrBefore", asr(attacked, split, new FixedTriggerSource(moved)));
        }
        if (!Files.exists(file)) {
            try (Classifier copy = ModelFile.load(model, Device.cpu())) {
                BackdoorRemover.retrain(copy, split.defense(), new FixedTriggerSource(moved), retraining(),
                        work.resolve(file.getFileName() + ".ckpt"), new ProgressLog(300));
                ModelFile.save(file, copy, split.defense().name(), "retrained with " + moved.name());
            }
        }
        try (Classifier retrained = ModelFile.load(file, Device.cpu())) {
            p.put("after", SplitScore.of(retrained, split, original, target, seed));
            p.put("movedTriggerAsrAfter", asr(retrained, split, new FixedTriggerSource(moved)));
        }
        LOG.info("dose {}", p);
        return p;
    }

    /** The MESA-retrained model on its own generator's samples, and the samples' distance to the original. */
    private Map<String, Object> ownSamples(DefenseSplit split, TriggerPattern original) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generator", generator.toString());
        m.put("mesaModel", mesaModel.toString());
        try (TriggerGeneratorModel g = GeneratorFile.load(generator, Device.cpu())) {
            TriggerSource samplesOf = new GeneratorTriggerSource(g, "own samples", 0);
            try (Classifier attacked = ModelFile.load(model, Device.cpu());
                 Classifier repaired = ModelFile.load(mesaModel, Device.cpu())) {
                m.put("sampleAsrBefore", asr(attacked, split, samplesOf));
                m.put("sampleAsrAfter", asr(repaired, split, samplesOf));
            }
            List<dev.mesa.trigger.TriggerPattern> drawn = dev.mesa.distribution.Staircase.sample(samplesOf, samples, seed);
            double[] toOriginal = drawn.stream().mapToDouble(t -> TriggerDisplacement.distance(t.values(),
                    original.values())).sorted().toArray();
            m.put("samples", samples);
            m.put("nearestToOriginal", toOriginal[0]);
            m.put("medianToOriginal", toOriginal[toOriginal.length / 2]);
            m.put("shareWithin1.0", java.util.Arrays.stream(toOriginal).filter(x -> x <= 1.0).count() / (double) samples);
        }
        return m;
    }

    private double asr(Classifier c, DefenseSplit split, TriggerSource source) {
        return EVALUATOR.attackSuccessRate(c, split.evaluation(), source, target, StampingRule.PER_SAMPLE, seed)
                .attackSuccessRate();
    }

    private RetrainConfig retraining() {
        return RetrainConfig.paper(seed).withEpochs(retrainEpochs);
    }
}
