package dev.mesa.testing;

import ai.djl.Device;
import dev.mesa.attack.BackdoorInjector;
import dev.mesa.data.DatasetSplits;
import dev.mesa.data.DefenseSplit;
import dev.mesa.data.SyntheticDataset;
import dev.mesa.model.Classifier;
import dev.mesa.model.ClassifierSpec;
import dev.mesa.model.ModelFile;
import dev.mesa.training.BatchTransform;
import dev.mesa.training.ClassifierTrainer;
import dev.mesa.training.ClassifierTrainingConfig;
import dev.mesa.training.LoopSettings;
import dev.mesa.training.TrainingListener;
import dev.mesa.trigger.TriggerPattern;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shared fixtures for tests: a tiny synthetic dataset, a clean compact CNN trained on it and a backdoored
 * copy (trigger bw-170 → class 0), built once per test JVM.
 */
public final class TinyModels {
    public static final int TARGET = 0;
    public static final TriggerPattern TRIGGER = TriggerPattern.blackWhite(170, 3, 3);
    private static TinyModels instance;

    public final DatasetSplits data;
    public final DefenseSplit split;
    public final Path directory;
    public final Path cleanModel;
    public final Path backdooredModel;

    private TinyModels() throws IOException {
        data = SyntheticDataset.generate(new SyntheticDataset.Spec(10, 120, 60, 16, 11));
        split = data.defenseSplit(480, 5);
        directory = Files.createTempDirectory("mesa-tiny-models");
        cleanModel = directory.resolve("clean.mesa-model");
        backdooredModel = directory.resolve("backdoored.mesa-model");
        ClassifierSpec spec = new ClassifierSpec(ClassifierSpec.COMPACT, 8, 10, data.shape());
        try (Classifier c = Classifier.create(spec, data.normalization(), data.train().classNames(), 3, Device.cpu())) {
            ClassifierTrainingConfig cfg = ClassifierTrainingConfig.cleanTraining(4, 3)
                    .withLoop(new LoopSettings(4, 32, true, 10, 1000));
            new ClassifierTrainer("clean", c, data.train(), cfg, BatchTransform.NONE, "none").train(null, TrainingListener.NONE);
            ModelFile.save(cleanModel, c, data.train().name(), "clean");
        }
        try (Classifier c = Classifier.create(spec, data.normalization(), data.train().classNames(), 3, Device.cpu())) {
            // Poisoning from scratch implants the trigger in a tiny model; the paper's fine-tuning attack is exercised
            // on CIFAR in bench/. 20% poisoning, because 10% was a coin toss here: over 17 seeds the backdoor was not
            // learned at all for 4, and the corner ASR ranged 0-100% (channels-last and NCHW alike); at 20%, 16 of 17
            // seeds reached >= 76% corner ASR and >= 98% at random locations.
            ClassifierTrainingConfig cfg = ClassifierTrainingConfig.cleanTraining(6, 4)
                    .withLoop(new LoopSettings(6, 32, true, 10, 1000));
            BackdoorInjector.inject(c, data.train(), new BackdoorInjector.Attack(TRIGGER, TARGET, 0.2), cfg, null,
                    TrainingListener.NONE);
            ModelFile.save(backdooredModel, c, data.train().name(), "backdoored bw-170 -> 0");
        }
    }

    public static synchronized TinyModels get() {
        if (instance == null) {
            try {
                instance = new TinyModels();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }
}
