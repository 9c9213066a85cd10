package dev.mesa.training;

import ai.djl.ndarray.NDList;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AdamTest {
    /**
     * torch.optim.Adam, by hand: m = b1·m + (1−b1)·g; v = b2·v + (1−b2)·g²;
     * w −= lr/(1−b1^t) · m / (sqrt(v)/sqrt(1−b2^t) + eps). A large eps makes the placement of eps visible.
     */
    static double[] pytorchAdam(double w, double lr, double b1, double b2, double eps, int steps) {
        double m = 0;
        double v = 0;
        double[] out = new double[steps];
        for (int t = 1; t <= steps; t++) {
            double g = 2 * w;
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            double denom = Math.sqrt(v) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
            w -= lr / (1 - Math.pow(b1, t)) * m / denom;
            out[t - 1] = w;
        }
        return out;
    }

    @Test
    void twoStepsMatchPyTorchsFormula() {
        double[] expected = pytorchAdam(1.5, 0.1, 0.9, 0.999, 0.5, 2);
        // by hand for step 1: g = 3, m̂ = 3, √v̂ = 3, w = 1.5 − 0.1·3/3.5
        assertEquals(1.5 - 0.3 / 3.5, expected[0], 1e-12);
        try (OneWeight w = new OneWeight(1.5f)) {
            Adam adam = new Adam(w.block, 0.9, 0.999, 0.5);
            w.backward();
            adam.step(0.1);
            assertEquals(expected[0], w.value(), 1e-6);
            w.backward();
            adam.step(0.1);
            assertEquals(expected[1], w.value(), 1e-6);
            assertEquals(2, adam.counter());
        }
    }

    @Test
    void paperSettingsOverManySteps() {
        double[] expected = pytorchAdam(-0.7, 2e-2, 0.5, 0.999, 1e-8, 20);
        try (OneWeight w = new OneWeight(-0.7f)) {
            Adam adam = Adam.paper(w.block);
            for (int t = 0; t < 20; t++) {
                w.backward();
                adam.step(2e-2);
                assertEquals(expected[t], w.value(), 1e-5, "step " + (t + 1));
            }
        }
    }

    @Test
    void restoredStateContinuesExactly() {
        float uninterrupted;
        try (OneWeight w = new OneWeight(0.8f)) {
            Adam adam = new Adam(w.block, 0.9, 0.99, 1e-3);
            for (int t = 0; t < 3; t++) {
                w.backward();
                adam.step(0.05);
            }
            uninterrupted = w.value();
        }
        try (OneWeight first = new OneWeight(0.8f); OneWeight second = new OneWeight(0f)) {
            Adam adam = new Adam(first.block, 0.9, 0.99, 1e-3);
            first.backward();
            adam.step(0.05);
            NDList state = adam.state();
            second.weight().set(new float[] {first.value()});
            Adam resumed = new Adam(second.block, 0.9, 0.99, 1e-3);
            resumed.restore(state, adam.counter(), null);
            for (int t = 0; t < 2; t++) {
                second.backward();
                resumed.step(0.05);
            }
            assertEquals(uninterrupted, second.value(), 0f);
        }
    }

    @Test
    void frozenWeightsAreNotTouchedAndGradientsAreZeroedAfterUse() {
        try (OneWeight w = new OneWeight(2f)) {
            Adam adam = new Adam(w.block, 0.9, 0.999, 1e-8);
            w.backward();
            adam.step(0.1);
            float after = w.value();
            assertEquals(0f, w.weight().getGradient().toFloatArray()[0], "gradient zeroed after the update");
            w.block.freezeParameters(true);
            adam.step(0.1);
            assertEquals(after, w.value());
        }
    }

    @Test
    void invalidSettings() {
        try (OneWeight w = new OneWeight(1f)) {
            assertThrows(IllegalArgumentException.class, () -> new Adam(w.block, 1.0, 0.999, 1e-8));
            assertThrows(IllegalArgumentException.class, () -> new Adam(w.block, 0.9, -0.1, 1e-8));
            assertThrows(IllegalArgumentException.class, () -> new Adam(w.block, 0.9, 0.999, 0));
        }
    }
}
