package dev.mesa.activities;

import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** What names a generator's run: the settings that shape the generator, not the ones that decide about it. */
class GeneratorIdentityTest {
    private static final MesaSettings PAPER = MesaSettings.defaults();

    private static MesaSettings settings(List<Double> betas, double detectionBeta, int epochs, int detectionEpochs,
                                         double learningRate, double asrThreshold, double madThreshold) {
        return new MesaSettings(betas, 0.1, detectionBeta, epochs, detectionEpochs, 128, 0.1, 64, 512, learningRate,
                0.001, asrThreshold, madThreshold).withDefaults();
    }

    private static TrainGeneratorRequest request(MesaSettings settings, String purpose) {
        return new TrainGeneratorRequest("models/m", ActivityTestBed.DATA, 0, 0.9, 3, settings, 7, purpose);
    }

    private static TrainGeneratorRequest identity(MesaSettings settings, String purpose) {
        return GeneratorTraining.identity(request(settings, purpose));
    }

    @Test
    void theDefaultsAreTheirOwnIdentitySoTheirKeysDoNotMove() {
        for (String purpose : List.of(TrainGeneratorRequest.DETECTION, TrainGeneratorRequest.STAIRCASE)) {
            assertEquals(request(PAPER, purpose), identity(PAPER, purpose));
        }
    }

    @Test
    void decisionSettingsAndTheDetectionProtocolAreNotPartOfIt() {
        MesaSettings decidesOtherwise = settings(List.of(0.6), 0.8, 10, 10, 2e-4, 0.3, 3.0)
                .withDetection(MesaSettings.FULL).withTraceDetection(true);
        for (String purpose : List.of(TrainGeneratorRequest.DETECTION, TrainGeneratorRequest.STAIRCASE)) {
            assertEquals(identity(PAPER, purpose), identity(decidesOtherwise, purpose), purpose);
        }
    }

    @Test
    void theBudgetOfItsOwnPurposeIsPartOfItTheOtherIsNot() {
        MesaSettings longerStaircase = settings(MesaSettings.PAPER_BETAS, 0.9, 20, 10, 2e-4, 0.5, 2.0);
        assertEquals(identity(PAPER, TrainGeneratorRequest.DETECTION),
                identity(longerStaircase, TrainGeneratorRequest.DETECTION));
        assertNotEquals(identity(PAPER, TrainGeneratorRequest.STAIRCASE),
                identity(longerStaircase, TrainGeneratorRequest.STAIRCASE));
    }

    @Test
    void aTrainingSettingIsPartOfIt() {
        MesaSettings otherRate = settings(MesaSettings.PAPER_BETAS, 0.9, 10, 10, 1e-4, 0.5, 2.0);
        for (String purpose : List.of(TrainGeneratorRequest.DETECTION, TrainGeneratorRequest.STAIRCASE)) {
            assertNotEquals(identity(PAPER, purpose), identity(otherRate, purpose), purpose);
        }
    }
}
