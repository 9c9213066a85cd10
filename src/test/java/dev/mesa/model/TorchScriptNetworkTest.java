package dev.mesa.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.mesa.random.Seeds;
import dev.mesa.testing.TorchScriptFixtures;
import dev.mesa.training.GradMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TorchScriptNetworkTest {
    @BeforeAll
    static void noGradientsOutsideCollectors() {
        GradMode.disableOnThisThread();
    }

    /**
     * MESA and trigger reversal differentiate the frozen classifier with respect to its input: the gradient
     * through the TorchScript module must be the derivative of its eval-mode function. Checked against
     * central differences along random directions, L(x) = sum(logits(x) * w) for fixed random w.
     */
    @Test
    void inputGradientOfTheFrozenModelEqualsFiniteDifferences() {
        for (String fixture : new String[] {TorchScriptFixtures.SCRIPTED, TorchScriptFixtures.TRACED}) {
            try (Classifier c = TorchScriptFixtures.load(fixture); NDManager m = c.manager().newSubManager()) {
                c.freeze(true);
                NDArray x = TorchScriptFixtures.probeInput(m, 2, 16);
                NDArray w = m.create(gaussian(8, 3)).reshape(2, 4);
                x.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(c.inferenceLogits(x).mul(w).sum());
                }
                float[] gradient = x.getGradient().toFloatArray();
                float[] point = x.stopGradient().toFloatArray();
                for (Parameter p : c.trainableParameters()) {
                    assertFalse(p.requiresGradient(), p.getName() + " of a frozen classifier requires a gradient");
                }
                double norm = Math.sqrt(Arrays.stream(toDoubles(gradient)).map(g -> g * g).sum());
                assertTrue(norm > 1e-3, "the gradient is not zero: " + norm);
                double h = 1e-3;
                for (int d = 0; d < 5; d++) {
                    float[] direction = unit(gaussian(point.length, 10 + d));
                    double analytic = 0;
                    for (int i = 0; i < point.length; i++) {
                        analytic += gradient[i] * direction[i];
                    }
                    double numeric = (loss(c, m, point, direction, h, w) - loss(c, m, point, direction, -h, w)) / (2 * h);
                    // a wrong gradient is off by its own size; float32 rounding costs ~1e-4 of it
                    assertEquals(analytic, numeric, 1e-2 * norm, fixture + ": directional derivative " + d);
                }
            }
        }
    }

    private static double loss(Classifier c, NDManager m, float[] point, float[] direction, double step, NDArray w) {
        float[] moved = new float[point.length];
        for (int i = 0; i < point.length; i++) {
            moved[i] = (float) (point[i] + step * direction[i]);
        }
        NDArray x = m.create(moved).reshape(2, 3, 16, 16);
        float[] logits = c.inferenceLogits(x).toFloatArray();
        float[] weights = w.toFloatArray();
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            sum += (double) logits[i] * weights[i];
        }
        return sum;
    }

    /** Dropout's masks come from the seed: the same seed repeats the training forward, another changes it. */
    @Test
    void trainingLogitsRepeatForASeedAndChangeWithIt() {
        try (Classifier c = TorchScriptFixtures.load(TorchScriptFixtures.SCRIPTED); NDManager m = c.manager().newSubManager()) {
            NDArray x = TorchScriptFixtures.probeInput(m, 2, 16);
            float[] first = c.trainingLogits(x, 7).toFloatArray();
            float[] again = c.trainingLogits(x, 7).toFloatArray();
            float[] other = c.trainingLogits(x, 8).toFloatArray();
            // the running statistics move between calls, but batch statistics do not depend on them
            assertArrayEquals(first, again);
            assertFalse(Arrays.equals(first, other), "another seed, other dropout masks");
            assertFalse(Arrays.equals(first, c.logits(x, false).toFloatArray()), "training mode differs from eval mode");
        }
    }

    @Test
    void stateRoundTripsAndRestoringReplacesParametersAndStatistics() {
        try (Classifier c = TorchScriptFixtures.load(TorchScriptFixtures.SCRIPTED); NDManager m = c.manager().newSubManager()) {
            NDArray x = TorchScriptFixtures.probeInput(m, 2, 16);
            byte[] original = c.encodeState();
            float[] before = c.logits(x, false).toFloatArray();
            assertArrayEquals(original, c.encodeState(), "encoding is deterministic");
            c.trainingLogits(x, 1); // moves the BatchNorm running statistics
            c.trainableParameters().get(0).getArray().muli(2f);
            assertFalse(Arrays.equals(before, c.logits(x, false).toFloatArray()));
            c.freeze(true);
            c.restoreState(original, Path.of("state"));
            assertArrayEquals(before, c.logits(x, false).toFloatArray());
            assertArrayEquals(original, c.encodeState());
            assertFalse(c.trainableParameters().get(0).requiresGradient(), "restoring keeps the classifier frozen");
        }
    }

    @Test
    void aStateOfAnotherNetworkIsRefused() throws java.io.IOException {
        byte[] otherNetwork = java.nio.file.Files.readAllBytes(TorchScriptFixtures.file("wrong-input.pt"));
        try (Classifier c = TorchScriptFixtures.load(TorchScriptFixtures.SCRIPTED); NDManager m = c.manager().newSubManager()) {
            float[] before = c.logits(TorchScriptFixtures.probeInput(m, 1, 16), false).toFloatArray();
            var other = assertThrows(dev.mesa.checkpoint.CorruptArtifactException.class,
                    () -> c.restoreState(otherNetwork, Path.of("ckpt")));
            assertTrue(other.getMessage().startsWith("ckpt: the stored network is not this model's")
                    && other.getMessage().contains("stem.0.weight"), other.getMessage());
            byte[] state = c.encodeState();
            byte[] truncated = Arrays.copyOf(state, state.length / 2);
            var e = assertThrows(dev.mesa.checkpoint.CorruptArtifactException.class,
                    () -> c.restoreState(truncated, Path.of("ckpt")));
            assertTrue(e.getMessage().startsWith("ckpt: the network state is not a TorchScript module"), e.getMessage());
            assertArrayEquals(before, c.logits(TorchScriptFixtures.probeInput(m, 1, 16), false).toFloatArray(),
                    "a refused state leaves the network as it was");
        }
    }

    private static float[] gaussian(int n, long seed) {
        SplittableRandom r = Seeds.stream(seed, "test-direction");
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Seeds.gaussian(r);
        }
        return v;
    }

    private static float[] unit(float[] v) {
        double norm = Math.sqrt(Arrays.stream(toDoubles(v)).map(x -> x * x).sum());
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
        return v;
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
