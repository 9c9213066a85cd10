package dev.mesa.training;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SgdMomentumTest {
    /**
     * torch.optim.SGD (dampening 0), by hand: g' = g + wd·w; buf = g' at the first step, then m·buf + g';
     * d = g' + m·buf if Nesterov else buf; w −= lr·d.
     */
    static double[] pytorchSgd(double w, double lr, double momentum, double wd, boolean nesterov, int steps) {
        double buf = 0;
        double[] out = new double[steps];
        for (int t = 0; t < steps; t++) {
            double g = 2 * w + wd * w;
            buf = t == 0 ? g : momentum * buf + g;
            double d = nesterov ? g + momentum * buf : buf;
            w -= lr * d;
            out[t] = w;
        }
        return out;
    }

    private static void check(double momentum, double wd, boolean nesterov) {
        double[] expected = pytorchSgd(1.25, 0.1, momentum, wd, nesterov, 2);
        try (OneWeight w = new OneWeight(1.25f)) {
            SgdMomentum sgd = new SgdMomentum(w.block, momentum, wd, nesterov);
            for (int t = 0; t < 2; t++) {
                w.backward();
                sgd.step(0.1);
                assertEquals(expected[t], w.value(), 1e-6, "step " + (t + 1) + " momentum " + momentum + " wd " + wd
                        + " nesterov " + nesterov);
            }
        }
    }

    @Test
    void plainMomentumTwoSteps() {
        // by hand: g1 = 2.5, w1 = 1.25 − 0.25 = 1.0; g2 = 2.0, buf = 0.9·2.5 + 2.0 = 4.25, w2 = 1.0 − 0.425
        assertEquals(0.575, pytorchSgd(1.25, 0.1, 0.9, 0, false, 2)[1], 1e-12);
        check(0.9, 0, false);
    }

    @Test
    void weightDecayAndNesterov() {
        check(0.9, 5e-2, false);
        check(0.9, 5e-2, true);
        check(0.0, 0, false);
    }

    @Test
    void changingLearningRatesAndACheckpointKeepPyTorchsUpdate() {
        double[] rates = {0.1, 0.1, 0.05, 0.0, 0.02, 0.02};
        double w = 1.25;
        double buf = 0;
        double[] expected = new double[rates.length];
        double[] expectedBuffer = new double[rates.length];
        for (int t = 0; t < rates.length; t++) {
            double g = 2 * w + 0.01 * w;
            buf = t == 0 ? g : 0.9 * buf + g;
            w -= rates[t] * buf;
            expected[t] = w;
            expectedBuffer[t] = buf;
        }
        try (OneWeight one = new OneWeight(1.25f)) {
            SgdMomentum sgd = new SgdMomentum(one.block, 0.9, 0.01, false);
            for (int t = 0; t < rates.length; t++) {
                one.backward();
                sgd.step(rates[t]);
                assertEquals(expected[t], one.value(), 1e-5, "step " + (t + 1));
                if (t == 1 || t == 4) {
                    // the checkpointed state is PyTorch's momentum buffer whatever the learning rate
                    assertEquals(expectedBuffer[t], sgd.state().get(0).getFloat(0), 1e-4, "buffer after step " + (t + 1));
                }
            }
        }
    }

    @Test
    void invalidSettings() {
        try (OneWeight w = new OneWeight(1f)) {
            assertThrows(IllegalArgumentException.class, () -> new SgdMomentum(w.block, 1.0, 0, false));
            assertThrows(IllegalArgumentException.class, () -> new SgdMomentum(w.block, 0.9, -1, false));
        }
    }
}
