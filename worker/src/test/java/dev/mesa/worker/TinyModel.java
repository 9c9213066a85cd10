package dev.mesa.worker;

import ai.djl.Device;
import dev.mesa.activities.DatasetCatalog;
import dev.mesa.data.DatasetSplits;
import dev.mesa.data.SyntheticDataset;
import dev.mesa.model.Classifier;
import dev.mesa.model.ClassifierSpec;
import dev.mesa.model.ModelFile;
import dev.mesa.training.BatchTransform;
import dev.mesa.training.ClassifierTrainer;
import dev.mesa.training.ClassifierTrainingConfig;
import dev.mesa.training.LoopSettings;
import dev.mesa.training.TrainingListener;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.RetrainSettings;

import java.nio.file.Path;
import java.util.List;

/** Tiny data and settings for the integration tests: a model file and workflow settings that train in seconds. */
final class TinyModel {
    /** 4 classes of 16×16 synthetic images, 60 training and 40 test images per class (a 128-image defence split). */
    static final DatasetSpec DATA = new DatasetSpec(DatasetSpec.SYNTHETIC, null, 4, 60, 40, 16, 0L);
    static final MesaSettings MESA = new MesaSettings(List.of(0.9), 0.1, 0.9, 8, 8, 32, 0.1, 64, 64, 2e-3, 0.001,
            0.5, 2.0);
    static final RetrainSettings RETRAIN = new RetrainSettings(1, 0.1, 1e-2, 0.9, 32);

    private TinyModel() {}

    /** A clean compact CNN (width 8) trained 2 epochs on {@link #DATA}, saved at {@code file}. */
    static Path write(Path file) {
        DatasetSplits data = SyntheticDataset.generate(new SyntheticDataset.Spec(DATA.syntheticClasses(),
                DATA.syntheticTrainPerClass(), DATA.syntheticTestPerClass(), DATA.imageSize(), DatasetCatalog.SYNTHETIC_SEED));
        ClassifierSpec spec = new ClassifierSpec(ClassifierSpec.COMPACT, 8, DATA.syntheticClasses(), data.shape());
        try (Classifier c = Classifier.create(spec, data.normalization(), data.train().classNames(), 3, Device.cpu())) {
            ClassifierTrainingConfig config = ClassifierTrainingConfig.cleanTraining(2, 3)
                    .withLoop(new LoopSettings(2, 32, true, 10, 1000));
            new ClassifierTrainer("clean", c, data.train(), config, BatchTransform.NONE, "none")
                    .train(null, TrainingListener.NONE);
            ModelFile.save(file, c, "synthetic", "clean");
        }
        return file;
    }
}
