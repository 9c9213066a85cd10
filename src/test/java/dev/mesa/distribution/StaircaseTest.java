package dev.mesa.distribution;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.mesa.random.Seeds;
import dev.mesa.trigger.TriggerPattern;
import dev.mesa.trigger.TriggerSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Staircases of degenerate sub-models whose samples reveal which level they came from. */
class StaircaseTest {
    @TempDir
    Path tmp;

    /** Level β → constant intensity: 0.5 → 0.2, 0.8 → 0.5, 0.9 → 0.8. */
    static final double[] BETAS = {0.5, 0.8, 0.9};
    static final double[] VALUES = {0.2, 0.5, 0.8};

    List<Path> files(boolean[] skipped, double[] mi) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < BETAS.length; i++) {
            Path file = tmp.resolve("c0-beta" + BETAS[i] + ".mesa-generator");
            SubModelReport report = new SubModelReport(0, BETAS[i], skipped[i] ? 0.1 : 0.95, 0.9, mi[i], 0.3, skipped[i], 8);
            try (TriggerGeneratorModel m = ConstantGenerators.constant(ConstantGenerators.logit(VALUES[i]), i)) {
                GeneratorFile.save(file, m, new GeneratorMetadata(GeneratorMetadata.FORMAT_VERSION, ConstantGenerators.CONFIG,
                        3, 3, 3, 0, BETAS[i], "test", report));
            }
            files.add(file);
        }
        return files;
    }

    /** The constant level value of each sampled trigger (all 27 intensities equal). */
    static List<Float> levels(TriggerSource source, int n, int epoch) {
        List<Float> out = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] flat = source.sample(manager, n, Seeds.stream(1, "levels"), epoch).toFloatArray();
            assertEquals(n * 27, flat.length);
            for (int i = 0; i < n; i++) {
                for (int k = 1; k < 27; k++) {
                    assertEquals(flat[i * 27], flat[i * 27 + k], "sample " + i + " is a constant trigger");
                }
                out.add(flat[i * 27]);
            }
        }
        return out;
    }

    @Test
    void ensemblesUseOnlyTheKeptLevels() {
        try (Staircase s = Staircase.load(files(new boolean[] {false, true, false}, new double[] {0.2, 5.0, 1.0}), Device.cpu())) {
            assertEquals(List.of(0.5, 0.8, 0.9), s.reports().stream().map(SubModelReport::beta).toList());
            // a single level, skipped or not
            assertEquals(Set.of(0.5f), new HashSet<>(levels(s.single(0.8), 8, 0)));
            assertEquals(Set.of(0.2f), new HashSet<>(levels(s.single(0.5), 8, 0)));
            // the uniform mixture: both kept levels, never the skipped one, about half each
            TriggerSource uniform = s.uniformEnsemble();
            assertEquals("uniform mixture of 2 generators", uniform.describe());
            List<Float> drawn = levels(uniform, 400, 0);
            long low = drawn.stream().filter(v -> Math.abs(v - 0.2f) < 1e-6).count();
            long high = drawn.stream().filter(v -> Math.abs(v - 0.8f) < 1e-6).count();
            assertEquals(400, low + high, "only kept levels: " + new HashSet<>(drawn));
            assertTrue(Math.abs(low - 200) < 50, "low " + low + " high " + high);
            // entropy-weighted: γ ∝ e^{0.2}, e^{1.0} over the kept levels (the skipped one's MI of 5 is ignored)
            double w = Math.exp(1.0) / (Math.exp(0.2) + Math.exp(1.0));
            TriggerSource weighted = s.entropyWeightedEnsemble();
            String described = weighted.describe();
            String[] gammas = described.substring(described.indexOf('[') + 1, described.indexOf(']')).split(", ");
            assertEquals(2, gammas.length, described);
            assertEquals(1 - w, Double.parseDouble(gammas[0]), 1e-12, described);
            assertEquals(w, Double.parseDouble(gammas[1]), 1e-12, described);
            List<Float> weightedDraws = levels(weighted, 1000, 0);
            long weightedHigh = weightedDraws.stream().filter(v -> Math.abs(v - 0.8f) < 1e-6).count();
            assertTrue(weightedDraws.stream().allMatch(v -> Math.abs(v - 0.5f) > 1e-3));
            assertTrue(Math.abs(weightedHigh - 1000 * w) < 5 * Math.sqrt(1000 * w * (1 - w)), "high " + weightedHigh);
            // cycling: kept levels in order, epoch by epoch
            TriggerSource cycling = s.cyclingEnsemble();
            for (int epoch = 0; epoch < 4; epoch++) {
                assertEquals(Set.of(epoch % 2 == 0 ? 0.2f : 0.8f), new HashSet<>(levels(cycling, 4, epoch)), "epoch " + epoch);
            }
            assertEquals("cycle of 2 generators", cycling.describe());
            // the reference code's cycle: every level, the skipped β = 0.8 too, from the highest β down
            TriggerSource reference = s.referenceCycle();
            float[] expected = {0.8f, 0.5f, 0.2f, 0.8f, 0.5f, 0.2f};
            for (int epoch = 0; epoch < expected.length; epoch++) {
                assertEquals(Set.of(expected[epoch]), new HashSet<>(levels(reference, 4, epoch)), "epoch " + epoch);
            }
            assertEquals("reference cycle of 3 generators (beta 0.9, 0.8, 0.5)", reference.describe());
        }
    }

    @Test
    void theFactoryRefusesASingleOfSeveralAndKeepsTheDescriptionsRetrainingsAreBoundTo() {
        try (Staircase s = Staircase.load(files(new boolean[] {false, false, false}, new double[] {1, 1, 1}), Device.cpu());
             TriggerGeneratorModel a = ConstantGenerators.constant(0, 1);
             TriggerGeneratorModel b = ConstantGenerators.constant(1, 2)) {
            assertEquals("uniform mixture of 3 generators", s.uniformEnsemble().describe());
            assertEquals("beta=0.9", s.single(0.9).describe());
            List<TriggerMixtures.Member> two = List.of(new TriggerMixtures.Member(a, s.reports().get(0), "a"),
                    new TriggerMixtures.Member(b, s.reports().get(1), "b"));
            assertThrows(IllegalArgumentException.class, () -> TriggerMixtures.of(TriggerMixtures.Mixing.SINGLE, two));
            assertThrows(IllegalArgumentException.class, () -> TriggerMixtures.of(TriggerMixtures.Mixing.UNIFORM,
                    List.of()));
            // equal entropies: equal weights
            assertTrue(s.entropyWeightedEnsemble().describe().endsWith("[0.3333333333333333, 0.3333333333333333, "
                    + "0.3333333333333333]"), s.entropyWeightedEnsemble().describe());
        }
    }

    @Test
    void unknownBetaIsAnError() {
        try (Staircase s = Staircase.load(files(new boolean[] {false, false, false}, new double[] {1, 1, 1}), Device.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.single(0.7));
            assertTrue(e.getMessage().contains("0.7") && e.getMessage().contains("[0.5, 0.8, 0.9]"), e.getMessage());
        }
    }

    @Test
    void allSkippedLevelsRefuseEveryEnsemble() {
        try (Staircase s = Staircase.load(files(new boolean[] {true, true, true}, new double[] {1, 1, 1}), Device.cpu())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, s::uniformEnsemble);
            assertTrue(e.getMessage().contains("skipped"), e.getMessage());
            assertThrows(IllegalStateException.class, s::cyclingEnsemble);
            RuntimeException weighted = assertThrows(RuntimeException.class, s::entropyWeightedEnsemble);
            assertTrue(weighted.getMessage().contains("skipped"), weighted.getMessage());
            // a single level can still be inspected
            assertEquals(Set.of(0.8f), new HashSet<>(levels(s.single(0.9), 2, 0)));
        }
    }

    @Test
    void samplingApiReturnsPatternsOfTheSourceShape() {
        try (TriggerGeneratorModel trained = TriggerGeneratorModel.create(ConstantGenerators.CONFIG, 3, 3, 3, 4, Device.cpu())) {
            TriggerSource source = new GeneratorTriggerSource(trained, "random-init", 0);
            List<TriggerPattern> patterns = Staircase.sample(source, 12, 5);
            assertEquals(12, patterns.size());
            Set<List<Float>> distinct = new HashSet<>();
            for (TriggerPattern p : patterns) {
                assertEquals(3, p.channels());
                assertEquals(3, p.height());
                assertEquals(3, p.width());
                List<Float> v = new ArrayList<>();
                for (float x : p.values()) {
                    assertTrue(x >= 0 && x <= 1);
                    v.add(x);
                }
                distinct.add(v);
            }
            assertEquals(12, distinct.size(), "a generator gives a different trigger per noise vector");
            assertEquals(patterns, Staircase.sample(source, 12, 5), "same seed, same samples");
            // a fixed source (one (1, C, h, w) array) is broadcast to N patterns
            TriggerPattern bw = TriggerPattern.blackWhite(170, 3, 3);
            List<TriggerPattern> fixed = Staircase.sample(new dev.mesa.trigger.FixedTriggerSource(bw), 3, 1);
            assertEquals(3, fixed.size());
            fixed.forEach(p -> assertEquals(java.util.Arrays.toString(bw.values()), java.util.Arrays.toString(p.values())));
        }
    }

    @Test
    void noisySamplesAreClippedToTheUnitInterval() {
        try (TriggerGeneratorModel half = ConstantGenerators.constant(0, 1);
             NDManager manager = NDManager.newBaseManager()) {
            float[] clean = new GeneratorTriggerSource(half, "half", 0).sample(manager, 64, Seeds.stream(2, "n"), 0).toFloatArray();
            for (float v : clean) {
                assertEquals(0.5f, v);
            }
            GeneratorTriggerSource noisy = new GeneratorTriggerSource(half, "half", 1.0);
            assertTrue(noisy.describe().contains("N(0,1.0^2)"), noisy.describe());
            float[] v = noisy.sample(manager, 64, Seeds.stream(2, "n"), 0).toFloatArray();
            int zeros = 0;
            int ones = 0;
            int inside = 0;
            for (float x : v) {
                assertTrue(x >= 0f && x <= 1f, "value " + x);
                zeros += x == 0f ? 1 : 0;
                ones += x == 1f ? 1 : 0;
                inside += x > 0f && x < 1f ? 1 : 0;
            }
            // 0.5 + N(0, 1): about 31% below 0, 31% above 1
            assertTrue(zeros > 300 && ones > 300 && inside > 500, zeros + " / " + inside + " / " + ones);
        }
    }
}
