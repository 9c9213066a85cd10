package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mesa.workflows.input.CapturesUnknownFields;

import java.util.Map;

/**
 * The backdoor attack: poison fine-tuning of a clean classifier. Defaults are the paper's (docs/ALGORITHM.md,
 * "Experiment protocol").
 *
 * @param poisonRatio  probability that a training image is stamped and relabelled, in (0, 1] (default 0.01)
 * @param epochs       fine-tuning epochs (default 10)
 * @param learningRate SGD learning rate (default 1e-3)
 * @param momentum     SGD momentum, in [0, 1) (default 0.9)
 * @param batchSize    batch size (default 128)
 * @param targetClass  the class stamped images are relabelled to (default 0)
 * @param unknownFields JSON fields that match no other component, kept only to be refused
 *                      ({@link CapturesUnknownFields})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AttackSettings(Double poisonRatio, Integer epochs, Double learningRate, Double momentum,
                             Integer batchSize, Integer targetClass,
                             @JsonAnySetter @JsonIgnore Map<String, Object> unknownFields)
        implements CapturesUnknownFields {

    public AttackSettings {
        unknownFields = CapturesUnknownFields.copyOf(unknownFields);
    }

    public AttackSettings(Double poisonRatio, Integer epochs, Double learningRate, Double momentum,
                          Integer batchSize, Integer targetClass) {
        this(poisonRatio, epochs, learningRate, momentum, batchSize, targetClass, Map.of());
    }

    public static AttackSettings defaults() {
        return new AttackSettings(null, null, null, null, null, null).withDefaults();
    }

    public AttackSettings withDefaults() {
        return new AttackSettings(SettingChecks.orDefault(poisonRatio, 0.01), SettingChecks.orDefault(epochs, 10),
                SettingChecks.orDefault(learningRate, 1e-3), SettingChecks.orDefault(momentum, 0.9),
                SettingChecks.orDefault(batchSize, 128), SettingChecks.orDefault(targetClass, 0));
    }

    public AttackSettings validate() {
        SettingChecks.halfOpenUnit("attack.poisonRatio", poisonRatio);
        SettingChecks.atLeast("attack.epochs", epochs, 1);
        SettingChecks.positive("attack.learningRate", learningRate);
        SettingChecks.unitFromZero("attack.momentum", momentum);
        SettingChecks.atLeast("attack.batchSize", batchSize, 1);
        SettingChecks.atLeast("attack.targetClass", targetClass, 0);
        return this;
    }
}
