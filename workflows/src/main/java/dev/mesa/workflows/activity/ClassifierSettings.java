package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mesa.workflows.input.CapturesUnknownFields;

import java.util.List;
import java.util.Map;

/**
 * Clean training of the classifier that the sweep then attacks. Defaults: a CIFAR ResNet-18 trained from scratch
 * for 30 epochs (mesa trains every sweep's model itself; the paper starts from a pretrained one), SGD with the usual
 * CIFAR learning rate 0.1 and weight decay 5e-4.
 *
 * @param architecture    {@code resnet18} (default) or {@code compact} (a small CNN for CPU budgets)
 * @param epochs          training epochs (default 30)
 * @param batchSize       batch size (default 128)
 * @param learningRate    initial SGD learning rate (default 0.1)
 * @param weightDecay     L2 weight decay (default 5e-4)
 * @param widthMultiplier optional channel-width multiplier (> 0); null keeps the architecture's own widths
 * @param unknownFields JSON fields that match no other component, kept only to be refused
 *                      ({@link CapturesUnknownFields})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClassifierSettings(String architecture, Integer epochs, Integer batchSize, Double learningRate,
                                 Double weightDecay, Double widthMultiplier,
                                 @JsonAnySetter @JsonIgnore Map<String, Object> unknownFields)
        implements CapturesUnknownFields {

    public static final String RESNET18 = "resnet18";
    public static final String COMPACT = "compact";
    public static final List<String> ARCHITECTURES = List.of(RESNET18, COMPACT);

    public ClassifierSettings {
        unknownFields = CapturesUnknownFields.copyOf(unknownFields);
    }

    public ClassifierSettings(String architecture, Integer epochs, Integer batchSize, Double learningRate,
                              Double weightDecay, Double widthMultiplier) {
        this(architecture, epochs, batchSize, learningRate, weightDecay, widthMultiplier, Map.of());
    }

    public static ClassifierSettings defaults() {
        return new ClassifierSettings(null, null, null, null, null, null).withDefaults();
    }

    public ClassifierSettings withDefaults() {
        return new ClassifierSettings(SettingChecks.orDefault(architecture, RESNET18), SettingChecks.orDefault(epochs, 30),
                SettingChecks.orDefault(batchSize, 128), SettingChecks.orDefault(learningRate, 0.1),
                SettingChecks.orDefault(weightDecay, 5e-4), widthMultiplier);
    }

    public ClassifierSettings validate() {
        if (!ARCHITECTURES.contains(architecture)) {
            throw new IllegalArgumentException("classifier.architecture must be one of " + ARCHITECTURES + ", got "
                    + architecture);
        }
        SettingChecks.atLeast("classifier.epochs", epochs, 1);
        SettingChecks.atLeast("classifier.batchSize", batchSize, 1);
        SettingChecks.positive("classifier.learningRate", learningRate);
        SettingChecks.nonNegative("classifier.weightDecay", weightDecay);
        if (widthMultiplier != null) {
            SettingChecks.positive("classifier.widthMultiplier", widthMultiplier);
        }
        return this;
    }
}
