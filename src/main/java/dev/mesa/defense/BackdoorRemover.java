package dev.mesa.defense;

import dev.mesa.data.ImageDataset;
import dev.mesa.model.Classifier;
import dev.mesa.training.ClassifierTrainer;
import dev.mesa.training.StampingTransform;
import dev.mesa.training.TrainingListener;
import dev.mesa.training.TrainingLoop;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerSource;
import dev.mesa.trigger.TriggerStamper;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Step 2 of the defence: retrains a copy of the backdoored classifier with clean labels on images stamped
 * with triggers from a source (a MESA sub-model, an ensemble, a reversed trigger or the original one).
 * The caller passes a classifier it owns (loaded from the model file), so the input model is never modified.
 */
public final class BackdoorRemover {
    private BackdoorRemover() {}

    public static TrainingLoop.Outcome retrain(Classifier copy, ImageDataset defenseImages, TriggerSource triggers,
                                               RetrainConfig config, Path checkpoint, TrainingListener listener) {
        StampingTransform stamping = new StampingTransform(triggers, new TriggerStamper(copy.normalization()),
                config.stampRatio(), OptionalInt.empty(), StampingRule.PER_SAMPLE);
        return new ClassifierTrainer("retraining " + triggers.describe(), copy, defenseImages, config.training(),
                stamping, "retrain with " + triggers.describe() + " r=" + config.stampRatio())
                .train(checkpoint, listener);
    }
}
