package dev.mesa.distribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mesa.random.Seeds;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.TriggerPattern;
import dev.mesa.trigger.TriggerSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ensembles built from sub-models: mixtures, epoch cycling and their weights. */
class TriggerSourcesTest {
    static final List<TriggerPattern> PATTERNS = List.of(TriggerPattern.blackWhite(170, 3, 3),
            TriggerPattern.blackWhite(7, 3, 3), TriggerPattern.blackWhite(186, 3, 3));
    static final List<FixedTriggerSource> SOURCES = PATTERNS.stream().map(FixedTriggerSource::new).toList();

    /** For each sampled trigger, the index of the pattern it equals exactly (fails on a blend). */
    static int[] counts(TriggerSource source, int n, long seed) {
        int[] counts = new int[PATTERNS.size()];
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray sample = source.sample(manager, n, Seeds.stream(seed, "mixture-test"), 0);
            assertEquals(new Shape(n, 3, 3, 3), sample.getShape());
            float[] flat = sample.toFloatArray();
            for (int i = 0; i < n; i++) {
                float[] v = Arrays.copyOfRange(flat, i * 27, (i + 1) * 27);
                int match = -1;
                for (int k = 0; k < PATTERNS.size(); k++) {
                    if (Arrays.equals(PATTERNS.get(k).values(), v)) {
                        match = k;
                    }
                }
                assertTrue(match >= 0, "sample " + i + " is none of the components: " + Arrays.toString(v));
                counts[match]++;
            }
        }
        return counts;
    }

    static SubModelReport report(double beta, double mi, boolean skipped) {
        return new SubModelReport(0, beta, skipped ? beta - 0.1 : beta + 0.05, 0.9, mi, 1.0, skipped, 10);
    }

    @Test
    void uniformMixtureDrawsEachComponentAboutEquallyOften() {
        int n = 3000;
        int[] c = counts(MixtureTriggerSource.uniform(SOURCES, "uniform"), n, 1);
        // expected 1000 each, standard deviation ~26: allow 5 of them
        for (int k = 0; k < 3; k++) {
            assertTrue(Math.abs(c[k] - 1000) < 130, "component " + k + ": " + Arrays.toString(c));
        }
        assertEquals(n, Arrays.stream(c).sum());
    }

    @Test
    void weightedMixtureFollowsItsWeights() {
        int n = 4000;
        int[] c = counts(new MixtureTriggerSource(SOURCES, new double[] {6, 3, 1}, "weighted"), n, 2);
        double[] expected = {0.6, 0.3, 0.1};
        for (int k = 0; k < 3; k++) {
            double sd = Math.sqrt(n * expected[k] * (1 - expected[k]));
            assertTrue(Math.abs(c[k] - n * expected[k]) < 5 * sd, "component " + k + ": " + Arrays.toString(c));
        }
        // a zero weight is never drawn
        int[] none = counts(new MixtureTriggerSource(SOURCES, new double[] {0.5, 0, 0.5}, "no middle"), 1000, 3);
        assertEquals(0, none[1], Arrays.toString(none));
        assertTrue(none[0] > 400 && none[2] > 400, Arrays.toString(none));
    }

    @Test
    void mixtureIsDeterministicForAStream() {
        MixtureTriggerSource m = MixtureTriggerSource.uniform(SOURCES, "uniform");
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] a = m.sample(manager, 64, Seeds.stream(5, "x"), 0).toFloatArray();
            float[] b = m.sample(manager, 64, Seeds.stream(5, "x"), 0).toFloatArray();
            float[] other = m.sample(manager, 64, Seeds.stream(6, "x"), 0).toFloatArray();
            assertArrayEquals(a, b);
            assertTrue(!Arrays.equals(a, other));
        }
    }

    @Test
    void mixtureRejectsBadComponentsAndWeights() {
        assertThrows(IllegalArgumentException.class, () -> MixtureTriggerSource.uniform(List.of(), "empty"));
        assertThrows(IllegalArgumentException.class, () -> new MixtureTriggerSource(SOURCES, new double[] {1, 1}, "short"));
        assertThrows(IllegalArgumentException.class, () -> new MixtureTriggerSource(SOURCES, new double[] {0, 0, 0}, "zero"));
        assertThrows(IllegalArgumentException.class, () -> new MixtureTriggerSource(SOURCES, new double[] {1, -1, 1}, "neg"));
        assertThrows(IllegalArgumentException.class,
                () -> new MixtureTriggerSource(SOURCES, new double[] {1, Double.NaN, 1}, "nan"));
        FixedTriggerSource big = new FixedTriggerSource(TriggerPattern.blackWhite(3, 4, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MixtureTriggerSource.uniform(List.of(SOURCES.get(0), big), "mixed shapes"));
        assertTrue(e.getMessage().contains("shapes"), e.getMessage());
    }

    @Test
    void cyclingUsesEpochModuloTheNumberOfSubModels() {
        CyclingTriggerSource cycling = new CyclingTriggerSource(SOURCES, "cycling");
        assertEquals("cycling", cycling.describe());
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int epoch = 0; epoch < 8; epoch++) {
                float[] v = cycling.sample(manager, 4, Seeds.stream(1, "c"), epoch).toFloatArray();
                assertArrayEquals(PATTERNS.get(epoch % 3).values(), Arrays.copyOf(v, 27), "epoch " + epoch);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new CyclingTriggerSource(List.of(), "empty"));
    }

    @Test
    void cyclingRejectsSubModelsOfDifferentShapes() {
        FixedTriggerSource big = new FixedTriggerSource(TriggerPattern.blackWhite(3, 4, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CyclingTriggerSource(List.of(SOURCES.get(0), big), "mixed shapes"));
        assertTrue(e.getMessage().contains("shapes"), e.getMessage());
    }

    @Test
    void uniformWeights() {
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, EnsembleWeights.uniform(4), 1e-15);
        assertArrayEquals(new double[] {1.0}, EnsembleWeights.uniform(1), 1e-15);
    }

    @Test
    void entropyWeightsAreASoftmaxOfMutualInformationOverKeptLevels() {
        double[] w = EnsembleWeights.entropyWeighted(List.of(report(0.5, 1.0, false), report(0.8, 3.0, true),
                report(0.9, 2.0, false)));
        double z = Math.exp(1.0) + Math.exp(2.0);
        assertArrayEquals(new double[] {Math.exp(1.0) / z, 0, Math.exp(2.0) / z}, w, 1e-12);
        // max-shifted: large estimates stay finite
        double[] big = EnsembleWeights.entropyWeighted(List.of(report(0.5, 1000, false), report(0.9, 999, false)));
        assertArrayEquals(new double[] {1 / (1 + Math.exp(-1)), Math.exp(-1) / (1 + Math.exp(-1))}, big, 1e-12);
        // equal estimates: uniform over the kept levels
        assertArrayEquals(new double[] {0.5, 0, 0.5}, EnsembleWeights.entropyWeighted(List.of(report(0.5, 0.7, false),
                report(0.8, 0.7, true), report(0.9, 0.7, false))), 1e-12);
    }

    @Test
    void entropyWeightsNeedOneKeptLevel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleWeights.entropyWeighted(List.of(report(0.5, 1, true), report(0.9, 2, true))));
        assertTrue(e.getMessage().contains("skipped"), e.getMessage());
    }
}
