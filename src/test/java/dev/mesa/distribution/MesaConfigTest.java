package dev.mesa.distribution;

import dev.mesa.checkpoint.JsonCodec;
import dev.mesa.trigger.StampingRule;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
    void theSearchStampingOptionLeavesEveryEarlierConfigurationAsItWas() {
        MesaConfig paper = MesaConfig.paper();
        assertEquals(StampingRule.ONE_LOCATION_PER_BATCH, paper.searchStampingRule());
        assertFalse(paper.fingerprint().text().contains("searchStamping"), paper.fingerprint().text());
        assertFalse(JsonCodec.toText(paper).contains("searchStamping"), JsonCodec.toText(paper));
        MesaConfig explicit = paper.toBuilder().searchStamping(StampingRule.ONE_LOCATION_PER_BATCH).build();
        assertEquals(paper, explicit);
        assertEquals(paper.fingerprint().text(), explicit.fingerprint().text());

        MesaConfig interior = paper.toBuilder().searchStamping(StampingRule.INTERIOR_PER_BATCH).build();
        assertNotEquals(paper.fingerprint().text(), interior.fingerprint().text());
        MesaConfig read = JsonCodec.fromBytes(JsonCodec.toBytes(interior), MesaConfig.class, Path.of("config.json"));
        assertEquals(StampingRule.INTERIOR_PER_BATCH, read.searchStampingRule());
        assertEquals(paper, JsonCodec.fromBytes(JsonCodec.toBytes(paper), MesaConfig.class, Path.of("config.json")));
    }

    @Test
    void theBuilderChangesOnlyWhatItIsTold() {
        MesaConfig paper = MesaConfig.paper();
        assertEquals(paper, paper.toBuilder().build());
        MesaConfig changed = paper.toBuilder().betas(List.of(0.7)).alpha(0.2).noiseStd(0.3).noiseDim(8).hidden(16)
                .learningRate(1e-3).adamBetas(0.8, 0.99).mineMovingAverageRate(0.5).epochs(3).batchSize(4)
                .statisticsFinalActivation(false).build();
        assertEquals(new MesaConfig(List.of(0.7), 0.2, 0.3, 8, 16, 1e-3, 0.8, 0.99, 0.5, 3, 4, false), changed);
        assertEquals(paper.toBuilder().epochs(3).build(), new MesaConfig(paper.betas(), paper.alpha(),
                paper.noiseStd(), paper.noiseDim(), paper.hidden(), paper.learningRate(), paper.adamBeta1(),
                paper.adamBeta2(), paper.mineMovingAverageRate(), 3, paper.batchSize(),
                paper.statisticsFinalActivation()));
    }

    @Test
    void betaOutsideTheOpenUnitIntervalFailsFast() {
        for (double beta : new double[] {0, 1, 1.2, -0.1, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MesaConfig.paper().toBuilder().betas(List.of(0.5, beta)).build(), "beta " + beta);
            assertTrue(e.getMessage().contains("beta") && e.getMessage().contains("(0, 1)"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> MesaConfig.paper().toBuilder().betas(List.of()).build());
    }

    @Test
    void negativeOrUndefinedAlphaFailsFast() {
        for (double alpha : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MesaConfig.paper().toBuilder().alpha(alpha).build(), "alpha " + alpha);
            assertTrue(e.getMessage().contains("alpha"), e.getMessage());
        }
        assertEquals(0.0, MesaConfig.paper().toBuilder().alpha(0).build().alpha(),
                "alpha 0 (no entropy term) is allowed");
    }

    @Test
    void otherInvalidSettings() {
        assertThrows(IllegalArgumentException.class, () -> MesaConfig.paper().toBuilder().hidden(0).build());
        assertThrows(IllegalArgumentException.class, () -> MesaConfig.paper().toBuilder().batchSize(1).build());
        assertThrows(IllegalArgumentException.class, () -> MesaConfig.paper().toBuilder().epochs(0).build());
        assertThrows(IllegalArgumentException.class, () -> MesaConfig.paper().toBuilder().learningRate(0).build());
        assertThrows(IllegalArgumentException.class, () -> new MesaConfig(List.of(0.9), 0.1, 0.1, 30, 512, 2e-4, 0.5,
                0.999, 0.001, 10, 128, true));
        assertThrows(IllegalArgumentException.class, () -> new MesaConfig(List.of(0.9), 0.1, -1, 64, 512, 2e-4, 0.5,
                0.999, 0.001, 10, 128, true));
        assertThrows(IllegalArgumentException.class, () -> new MesaConfig(List.of(0.9), 0.1, 0.1, 64, 512, 2e-4, 0.5,
                0.999, 0, 10, 128, true));
    }
}
