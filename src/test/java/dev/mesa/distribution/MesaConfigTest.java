package dev.mesa.distribution;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MesaConfigTest {
    @Test
    void paperDefaults() {
        MesaConfig c = MesaConfig.paper();
        assertEquals(List.of(0.5, 0.8, 0.9), c.betas());
        assertEquals(0.1, c.alpha());
        assertEquals(0.1, c.noiseStd());
        assertEquals(64, c.noiseDim());
        assertEquals(512, c.hidden());
        assertEquals(2e-4, c.learningRate());
        assertEquals(0.5, c.adamBeta1());
        assertEquals(0.999, c.adamBeta2());
        assertEquals(0.001, c.mineMovingAverageRate());
        assertEquals(10, c.epochs());
        assertEquals(128, c.batchSize());
        assertEquals(2048, MesaConfig.paperCifar100().hidden());
    }

    @Test
    void betaOutsideTheOpenUnitIntervalFailsFast() {
        for (double beta : new double[] {0, 1, 1.2, -0.1, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MesaConfig.paper().withBetas(List.of(0.5, beta)), "beta " + beta);
            assertTrue(e.getMessage().contains("beta") && e.getMessage().contains("(0, 1)"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> MesaConfig.paper().withBetas(List.of()));
    }

    @Test
    void negativeOrUndefinedAlphaFailsFast() {
        for (double alpha : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MesaConfig.paper().withAlpha(alpha), "alpha " + alpha);
            assertTrue(e.getMessage().contains("alpha"), e.getMessage());
        }
        assertEquals(0.0, MesaConfig.paper().withAlpha(0).alpha(), "alpha 0 (no entropy term) is allowed");
    }

    @Test
    void otherInvalidSettings() {
        assertThrows(IllegalArgumentException.class, () -> MesaConfig.paper().withHidden(0));
        assertThrows(IllegalArgumentException.class, () -> MesaConfig.paper().withBatchSize(1));
        assertThrows(IllegalArgumentException.class, () -> MesaConfig.paper().withEpochs(0));
        assertThrows(IllegalArgumentException.class, () -> MesaConfig.paper().withLearningRate(0));
        assertThrows(IllegalArgumentException.class, () -> new MesaConfig(List.of(0.9), 0.1, 0.1, 30, 512, 2e-4, 0.5,
                0.999, 0.001, 10, 128, true));
        assertThrows(IllegalArgumentException.class, () -> new MesaConfig(List.of(0.9), 0.1, -1, 64, 512, 2e-4, 0.5,
                0.999, 0.001, 10, 128, true));
        assertThrows(IllegalArgumentException.class, () -> new MesaConfig(List.of(0.9), 0.1, 0.1, 64, 512, 2e-4, 0.5,
                0.999, 0, 10, 128, true));
    }
}
