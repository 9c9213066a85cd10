package dev.mesa.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.mesa.checkpoint.JsonCodec;
import dev.mesa.data.DefenseSplit;
import dev.mesa.defense.BackdoorRemover;
import dev.mesa.defense.DefenseEffectiveness;
import dev.mesa.defense.RetrainConfig;
import dev.mesa.defense.ReversalConfig;
import dev.mesa.defense.TriggerReverser;
import dev.mesa.distribution.GeneratorFile;
import dev.mesa.distribution.GeneratorTriggerSource;
import dev.mesa.distribution.MixtureTriggerSource;
import dev.mesa.distribution.SubModelReport;
import dev.mesa.distribution.TriggerGeneratorModel;
import dev.mesa.distribution.TriggerMixtures;
import dev.mesa.model.Classifier;
import dev.mesa.model.ModelFile;
import dev.mesa.random.Seeds;
import dev.mesa.report.TriggerEmbedding;
import dev.mesa.report.TriggerGrid;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.TriggerPattern;
import dev.mesa.trigger.TriggerSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Retraining variants of one defended model (MESA per β, ensemble, baseline rounds, ideal, and optionally the
 * authors' ensemble and baseline) and their evaluation.
 */
final class DefenseVariants {
    private static final Logger LOG = LoggerFactory.getLogger(DefenseVariants.class);
    private static final int SAMPLES_PER_BETA = 200;

    private final Path attacked;
    private final DefenseSplit split;
    private final TriggerPattern original;
    private final int target;
    private final long seed;
    private final Path dir;
    private final StageTimer timer;
    private final List<TriggerPattern> reversed = new ArrayList<>();
    private Map<String, Object> before;
    private final Map<String, Object> baselineSummary = new LinkedHashMap<>();

    DefenseVariants(Path attacked, DefenseSplit split, TriggerPattern original, int target, long seed, Path dir,
                    StageTimer timer) {
        this.attacked = attacked;
        this.split = split;
        this.original = original;
        this.target = target;
        this.seed = seed;
        this.dir = dir;
        this.timer = timer;
    }

    Map<String, Object> evaluate(Path model) {
        return timer.time("evaluation", () -> {
            try (Classifier c = ModelFile.load(model, Device.cpu())) {
                Map<String, Object> m = SplitScore.of(c, split, original, target, seed);
                if (before == null) {
                    before = m;
                }
                return m;
            }
        });
    }

    /**
     * Every β, the uniform ensemble, {@code rounds} baseline rounds and the ideal; with {@code reference}, also the
     * reference code's ensemble (every level cycled epoch by epoch from the highest β) and {@code rounds} rounds of the
     * authors' reversal protocol ({@code baseline-reference-k<n>}, round k from the same start as mesa's round k).
     */
    List<Map<String, Object>> runAll(Map<Double, Path> generators, Map<Double, SubModelReport> staircase, int rounds,
                                     boolean reference) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        List<TriggerGeneratorModel> kept = new ArrayList<>();
        try {
            for (Map.Entry<Double, Path> g : generators.entrySet()) {
                TriggerGeneratorModel model = GeneratorFile.load(g.getValue(), Device.cpu());
                kept.add(model);
                Map<String, Object> v = variant("mesa-beta-" + g.getKey(), new GeneratorTriggerSource(model, "beta=" + g.getKey(), 0));
                v.put("skipped", staircase.get(g.getKey()).skipped());
                out.add(v);
            }
            List<GeneratorTriggerSource> members = new ArrayList<>();
            int i = 0;
            for (Double beta : generators.keySet()) {
                if (!staircase.get(beta).skipped()) {
                    members.add(new GeneratorTriggerSource(kept.get(i), "beta=" + beta, 0));
                }
                i++;
            }
            if (!members.isEmpty()) {
                out.add(variant("mesa-ensemble", MixtureTriggerSource.uniform(members, "uniform ensemble")));
            }
            if (reference && kept.size() > 1) {
                List<TriggerMixtures.Member> every = new ArrayList<>();
                int j = 0;
                for (Double beta : generators.keySet()) {
                    every.add(new TriggerMixtures.Member(kept.get(j++), staircase.get(beta), "beta=" + beta));
                }
                out.add(variant("mesa-ensemble-reference-cycle", TriggerMixtures.of(
                        TriggerMixtures.Mixing.REFERENCE_CYCLE, every)));
            }
        } finally {
            kept.forEach(TriggerGeneratorModel::close);
        }
        List<String> protocols = reference ? List.of("mesa", "reference") : List.of("mesa");
        Map<String, List<Double>> baselineAsr = new LinkedHashMap<>();
        for (String protocol : protocols) {
            for (int k = 0; k < rounds; k++) {
                TriggerPattern t = reverse(protocol, k);
                reversed.add(t);
                Map<String, Object> v = variant(baselineName(protocol, k), new FixedTriggerSource(t));
                v.put("reversedTrigger", t.values());
                out.add(v);
                baselineAsr.computeIfAbsent(protocol, p -> new ArrayList<>()).add((double) v.get("asr"));
            }
        }
        out.add(variant("ideal", new FixedTriggerSource(original)));
        baselineAsr.forEach((protocol, asr) -> baselineSummary.put(protocol, Map.of("rounds", asr.size(),
                "meanAsr", asr.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                "worstAsr", asr.stream().mapToDouble(Double::doubleValue).max().orElseThrow())));
        return out;
    }

    /** Per baseline protocol run by {@link #runAll}: its rounds' mean and worst after-defence ASR. */
    Map<String, Object> baselineSummary() {
        return baselineSummary;
    }

    private static String baselineName(String protocol, int round) {
        return protocol.equals("mesa") ? "baseline-k" + round : "baseline-" + protocol + "-k" + round;
    }

    /**
     * An audit's repair and evidence: the uniform ensemble of every non-skipped generator of the flagged classes,
     * retrained and evaluated like the experiment's variants, and, per flagged class, the ASR of its generators' own
     * samples on the evaluation split before and after.
     */
    Map<String, Object> audit(Map<Integer, Map<Double, Path>> generators,
                              Map<Integer, Map<Double, SubModelReport>> staircase) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<TriggerGeneratorModel> kept = new ArrayList<>();
        try {
            Map<Integer, List<GeneratorTriggerSource>> byClass = new LinkedHashMap<>();
            List<GeneratorTriggerSource> all = new ArrayList<>();
            generators.forEach((c, files) -> files.forEach((beta, file) -> {
                if (!staircase.get(c).get(beta).skipped()) {
                    TriggerGeneratorModel model = GeneratorFile.load(file, Device.cpu());
                    kept.add(model);
                    GeneratorTriggerSource source = new GeneratorTriggerSource(model, "c" + c + " beta=" + beta, 0);
                    byClass.computeIfAbsent(c, k -> new ArrayList<>()).add(source);
                    all.add(source);
                }
            }));
            if (all.isEmpty()) {
                out.put("ensemble", "every generator was skipped: nothing to retrain with");
                return out;
            }
            Map<String, Object> ensemble = variant("mesa-ensemble", MixtureTriggerSource.uniform(all, "uniform ensemble"));
            out.put("ensemble", ensemble);
            Path repaired = dir.resolve("retrained-mesa-ensemble.mesa-model");
            Map<String, Object> sampled = new LinkedHashMap<>();
            byClass.forEach((c, sources) -> sampled.put("class " + c, Map.of(
                    "before", sampledAsr(attacked, sources, c), "after", sampledAsr(repaired, sources, c))));
            out.put("sampledTriggerAsr", sampled);
            return out;
        } finally {
            kept.forEach(TriggerGeneratorModel::close);
        }
    }

    private double sampledAsr(Path model, List<GeneratorTriggerSource> sources, int cls) {
        return timer.time("evaluation", () -> {
            try (Classifier c = ModelFile.load(model, Device.cpu())) {
                TriggerSource source = sources.size() == 1 ? sources.get(0)
                        : MixtureTriggerSource.uniform(sources, "class " + cls);
                return new dev.mesa.evaluation.ClassifierEvaluator(500).attackSuccessRate(c, split.evaluation(), source,
                        cls, dev.mesa.trigger.StampingRule.PER_SAMPLE, seed).attackSuccessRate();
            }
        });
    }

    private TriggerPattern reverse(String protocol, int round) throws Exception {
        String name = protocol.equals("mesa") ? "reversed-k" + round : "reversed-" + protocol + "-k" + round;
        Path file = dir.resolve(name + ".json");
        if (Files.exists(file)) {
            return JsonCodec.mapper().readValue(file.toFile(), TriggerPattern.class);
        }
        ReversalConfig chosen = protocol.equals("mesa") ? ReversalConfig.paper() : ReversalConfig.reference();
        ReversalConfig config = chosen.withBatchSize(Math.min(chosen.batchSize(),
                chosen.imagesPerRound(split.defense().size())));
        TriggerPattern t = timer.time("baseline-reversal", () -> {
            try (Classifier c = ModelFile.load(attacked, Device.cpu());
                 TriggerReverser reverser = new TriggerReverser(c, split.defense(), target, 3, 3, 3, config, round, seed)) {
                return reverser.reverse(dir.resolve(name + ".ckpt"), new ProgressLog(200));
            }
        });
        Files.writeString(file, JsonCodec.toText(t));
        return t;
    }

    private Map<String, Object> variant(String name, TriggerSource source) {
        Path file = dir.resolve("retrained-" + name + ".mesa-model");
        if (!Files.exists(file)) {
            timer.time("retraining", () -> {
                try (Classifier copy = ModelFile.load(attacked, Device.cpu())) {
                    ProgressLog log = new ProgressLog(300);
                    BackdoorRemover.retrain(copy, split.defense(), source, RetrainConfig.paper(seed),
                            dir.resolve(file.getFileName() + ".ckpt"), log);
                    ModelFile.save(file, copy, split.defense().name(), "repaired by " + name);
                    LOG.info("{} retrained, median {} img/s", name, Math.round(log.medianImagesPerSecond()));
                    return null;
                }
            });
        }
        Map<String, Object> after = evaluate(file);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("variant", name);
        v.put("cleanAccuracy", after.get("cleanAccuracy"));
        v.put("asr", after.get("asr"));
        v.put("der", DefenseEffectiveness.rate((double) before.get("asr"), (double) after.get("asr"),
                (double) before.get("cleanAccuracy"), (double) after.get("cleanAccuracy")));
        LOG.info("variant {}", v);
        return v;
    }

    List<String> figures(Map<Double, Path> generators) {
        List<TriggerEmbedding.Group> groups = new ArrayList<>();
        for (Map.Entry<Double, Path> g : generators.entrySet()) {
            try (TriggerGeneratorModel model = GeneratorFile.load(g.getValue(), Device.cpu());
                 NDManager m = NDManager.newBaseManager()) {
                float[] flat = model.sample(m, SAMPLES_PER_BETA, Seeds.stream(seed, "figure", Math.round(g.getKey() * 100)))
                        .toFloatArray();
                List<float[]> points = new ArrayList<>();
                int d = flat.length / SAMPLES_PER_BETA;
                for (int i = 0; i < SAMPLES_PER_BETA; i++) {
                    points.add(java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d));
                }
                groups.add(new TriggerEmbedding.Group("beta=" + g.getKey(), points));
                TriggerGrid.writePng(dir.resolve("samples-beta-" + g.getKey() + ".png"), points.subList(0, 64), 3, 3, 3, 8, 8);
            }
        }
        groups.add(new TriggerEmbedding.Group("original", List.of(original.values())));
        groups.add(new TriggerEmbedding.Group("baseline", reversed.stream().map(TriggerPattern::values).toList()));
        List<String> files = new ArrayList<>();
        TriggerEmbedding.writePlots(dir, "embedding", groups, 1000).forEach(p -> files.add(p.toString()));
        return files;
    }
}
