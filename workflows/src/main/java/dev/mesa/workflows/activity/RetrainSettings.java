package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mesa.workflows.input.CapturesUnknownFields;

import java.util.Map;

/**
 * Backdoor removal by fine-tuning on the defence split with clean labels, stamping sampled triggers on a
 * fraction of the images. Defaults from the reference code (docs/ALGORITHM.md, "Defence": removal).
 *
 * @param epochs       fine-tuning epochs (default 10)
 * @param poisonRatio  fraction of images stamped with a sampled trigger, in (0, 1] (default 0.01)
 * @param learningRate SGD learning rate (default 1e-3)
 * @param momentum     SGD momentum, in [0, 1) (default 0.9)
 * @param batchSize    batch size (default 128)
 * @param unknownFields JSON fields that match no other component, kept only to be refused
 *                      ({@link CapturesUnknownFields})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetrainSettings(Integer epochs, Double poisonRatio, Double learningRate, Double momentum,
                              Integer batchSize,
                              @JsonAnySetter @JsonIgnore Map<String, Object> unknownFields)
        implements CapturesUnknownFields {

    public RetrainSettings {
        unknownFields = CapturesUnknownFields.copyOf(unknownFields);
    }

    public RetrainSettings(Integer epochs, Double poisonRatio, Double learningRate, Double momentum,
                           Integer batchSize) {
        this(epochs, poisonRatio, learningRate, momentum, batchSize, Map.of());
    }

    public static RetrainSettings defaults() {
        return new RetrainSettings(null, null, null, null, null).withDefaults();
    }

    public RetrainSettings withDefaults() {
        return new RetrainSettings(SettingChecks.orDefault(epochs, 10), SettingChecks.orDefault(poisonRatio, 0.01),
                SettingChecks.orDefault(learningRate, 1e-3), SettingChecks.orDefault(momentum, 0.9),
                SettingChecks.orDefault(batchSize, 128));
    }

    public RetrainSettings validate() {
        SettingChecks.atLeast("retrain.epochs", epochs, 1);
        SettingChecks.halfOpenUnit("retrain.poisonRatio", poisonRatio);
        SettingChecks.positive("retrain.learningRate", learningRate);
        SettingChecks.unitFromZero("retrain.momentum", momentum);
        SettingChecks.atLeast("retrain.batchSize", batchSize, 1);
        return this;
    }
}
