package dev.mesa.training;

import ai.djl.Device;
import dev.mesa.data.DatasetSplits;
import dev.mesa.data.SyntheticDataset;
import dev.mesa.model.Classifier;
import dev.mesa.model.ClassifierSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A test-only dataset (an audit folder) has no training split: training on it fails before any step. */
class TestOnlyDataTest {
    @Test
    void trainingOnNoImagesIsRefused() {
        DatasetSplits audit = DatasetSplits.testOnly(SyntheticDataset.generate(new SyntheticDataset.Spec(3, 2, 4, 8, 1)).test());
        ClassifierSpec spec = new ClassifierSpec(ClassifierSpec.COMPACT, 4, 3, audit.shape());
        try (Classifier c = Classifier.create(spec, audit.normalization(), audit.test().classNames(), 1, Device.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ClassifierTrainer("clean", c,
                    audit.train(), ClassifierTrainingConfig.cleanTraining(1, 1), BatchTransform.NONE, "none"));
            assertTrue(e.getMessage().contains("no images"), e.getMessage());
        }
    }
}
