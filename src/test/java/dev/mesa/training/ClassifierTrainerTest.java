package dev.mesa.training;

import ai.djl.Device;
import dev.mesa.data.DatasetSplits;
import dev.mesa.data.SyntheticDataset;
import dev.mesa.evaluation.ClassifierEvaluator;
import dev.mesa.model.Classifier;
import dev.mesa.model.ClassifierSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassifierTrainerTest {
    @Test
    void lossGoesDownAndAccuracyGoesUpOnSyntheticData() {
        DatasetSplits data = SyntheticDataset.generate(SyntheticDataset.Spec.tiny());
        ClassifierSpec spec = new ClassifierSpec(ClassifierSpec.COMPACT, 8, 10, data.shape());
        try (Classifier classifier = Classifier.create(spec, data.normalization(), data.train().classNames(), 1, Device.cpu())) {
            double before = new ClassifierEvaluator(256).accuracy(classifier, data.test()).accuracy();
            List<Double> losses = new ArrayList<>();
            ClassifierTrainingConfig config = ClassifierTrainingConfig.cleanTraining(4, 3)
                    .withLoop(new LoopSettings(4, 32, true, 5, 1000));
            new ClassifierTrainer("clean", classifier, data.train(), config, BatchTransform.NONE, "none")
                    .train(null, new TrainingListener() {
                        @Override
                        public void onProgress(TrainingProgress p) {
                            losses.add(p.meanLosses().get("cross_entropy"));
                        }
                    });
            double after = new ClassifierEvaluator(256).accuracy(classifier, data.test()).accuracy();
            System.out.println("losses " + losses + " acc " + before + " -> " + after);
            assertTrue(losses.get(losses.size() - 1) < losses.get(0) * 0.7, "loss should fall: " + losses);
            assertTrue(after > 0.8, "accuracy after training " + after);
        }
    }
}
