package dev.mesa.distribution;

import dev.mesa.data.ImageDataset;
import dev.mesa.model.Classifier;
import dev.mesa.training.LoopSettings;
import dev.mesa.training.TrainingListener;
import dev.mesa.training.TrainingLoop;

import java.nio.file.Path;

/**
 * Trains one MESA sub-model end to end: initialise G and T, train (resumably) against the frozen
 * classifier, measure it, and write the generator file with its report.
 */
public final class SubModelTrainer {
    /** Where a sub-model's checkpoint and final file go. */
    public record Paths(Path checkpoint, Path generatorFile) {}

    private final LoopSettings intervals;
    private final int evaluationBatchSize;

    public SubModelTrainer(LoopSettings intervals, int evaluationBatchSize) {
        this.intervals = intervals;
        this.evaluationBatchSize = evaluationBatchSize;
    }

    public static SubModelTrainer defaults() {
        return new SubModelTrainer(LoopSettings.of(1, 1, true).withIntervals(20, 62), 256);
    }

    public SubModelReport train(Classifier backdoored, ImageDataset defenceImages, int targetClass, double beta,
                                int triggerSize, MesaConfig config, long seed, Paths paths, TrainingListener listener) {
        int channels = defenceImages.shape().channels();
        try (TriggerGeneratorModel model = TriggerGeneratorModel.create(config, channels, triggerSize, triggerSize, seed,
                backdoored.device())) {
            GeneratorTrainer trainer = new GeneratorTrainer(model, backdoored, defenceImages, targetClass, beta, seed);
            TrainingLoop.Outcome outcome = trainer.train(intervals, paths.checkpoint(), listener);
            SubModelReport report = new SubModelEvaluator(evaluationBatchSize).evaluate(model, backdoored, defenceImages,
                    targetClass, beta, outcome.globalSteps(), seed);
            GeneratorFile.save(paths.generatorFile(), model, new GeneratorMetadata(GeneratorMetadata.FORMAT_VERSION, config,
                    channels, triggerSize, triggerSize, targetClass, beta, backdoored.spec().toString(), report));
            return report;
        }
    }
}
