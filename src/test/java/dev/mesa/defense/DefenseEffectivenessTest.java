package dev.mesa.defense;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DefenseEffectivenessTest {
    @Test
    void ratesFollowTheFormulaByHand() {
        // ASR 0.98 -> 0.04 (ΔASR 0.94), accuracy 0.90 -> 0.89 (ΔACC 0.01): (0.94 - 0.01 + 1) / 2 = 0.965
        assertEquals(0.965, DefenseEffectiveness.rate(0.98, 0.04, 0.90, 0.89), 1e-12);
        // perfect: ASR 1 -> 0, no accuracy loss
        assertEquals(1.0, DefenseEffectiveness.rate(1.0, 0.0, 0.9, 0.9), 1e-12);
        // nothing changes: 0.5
        assertEquals(0.5, DefenseEffectiveness.rate(0.7, 0.7, 0.8, 0.8), 1e-12);
        // worst: the ASR stays, the accuracy collapses from 1 to 0
        assertEquals(0.0, DefenseEffectiveness.rate(0.9, 0.9, 1.0, 0.0), 1e-12);
    }

    @Test
    void negativeDeltasAreClippedToZero() {
        // the ASR rises 0.10 -> 0.30: ΔASR = -0.2 counts as 0; accuracy 0.80 -> 0.70: (0 - 0.1 + 1) / 2 = 0.45
        assertEquals(0.45, DefenseEffectiveness.rate(0.10, 0.30, 0.80, 0.70), 1e-12);
        // the accuracy rises 0.80 -> 0.85: ΔACC = -0.05 counts as 0; ΔASR 0.5: (0.5 + 1) / 2 = 0.75
        assertEquals(0.75, DefenseEffectiveness.rate(0.60, 0.10, 0.80, 0.85), 1e-12);
        // both negative: 0.5
        assertEquals(0.5, DefenseEffectiveness.rate(0.1, 0.2, 0.8, 0.9), 1e-12);
    }
}
