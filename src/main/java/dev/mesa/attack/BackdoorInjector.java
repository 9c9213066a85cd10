package dev.mesa.attack;

import dev.mesa.data.ImageDataset;
import dev.mesa.model.Classifier;
import dev.mesa.training.ClassifierTrainer;
import dev.mesa.training.ClassifierTrainingConfig;
import dev.mesa.training.StampingTransform;
import dev.mesa.training.TrainingListener;
import dev.mesa.training.TrainingLoop;
import dev.mesa.trigger.FixedTriggerSource;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerPattern;
import dev.mesa.trigger.TriggerStamper;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The attacker of the paper: fine-tunes a classifier on its training set where each image is, with
 * probability r, stamped with the trigger at a random location and relabelled to the target class
 * (ref: r = 1%, 10 epochs, SGD lr 1e-3 momentum 0.9, batch 128, no augmentation).
 */
public final class BackdoorInjector {
    /** What to implant. */
    public record Attack(TriggerPattern trigger, int targetClass, double poisonRatio) {
        public Attack {
            if (!(poisonRatio > 0 && poisonRatio <= 1)) {
                throw new IllegalArgumentException("poison ratio must be in (0, 1], got " + poisonRatio);
            }
        }
    }

    private BackdoorInjector() {}

    /** Poison-fine-tunes {@code classifier} in place (load a copy to keep the clean one). */
    public static TrainingLoop.Outcome inject(Classifier classifier, ImageDataset train, Attack attack,
                                              ClassifierTrainingConfig config, Path checkpoint, TrainingListener listener) {
        if (attack.targetClass() < 0 || attack.targetClass() >= train.numClasses()) {
            throw new IllegalArgumentException("target class " + attack.targetClass() + " is not a class of "
                    + train.name() + " (0.." + (train.numClasses() - 1) + ")");
        }
        if (attack.trigger().height() > train.shape().height() || attack.trigger().width() > train.shape().width()) {
            throw new IllegalArgumentException("trigger " + attack.trigger() + " is larger than the " + train.shape()
                    + " images");
        }
        StampingTransform poison = new StampingTransform(new FixedTriggerSource(attack.trigger()),
                new TriggerStamper(classifier.normalization()), attack.poisonRatio(),
                OptionalInt.of(attack.targetClass()), StampingRule.PER_SAMPLE);
        String description = "poison " + attack.trigger().name() + " -> " + attack.targetClass() + " r="
                + attack.poisonRatio();
        return new ClassifierTrainer("backdoor-injection", classifier, train, config, poison, description)
                .train(checkpoint, listener);
    }
}
