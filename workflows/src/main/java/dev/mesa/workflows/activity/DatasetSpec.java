package dev.mesa.workflows.activity;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mesa.workflows.input.CapturesUnknownFields;

import java.util.List;
import java.util.Map;

/**
 * Which dataset an activity loads.
 *
 * @param kind                  {@code cifar10}, {@code cifar100}, {@code image-folder} or {@code synthetic}
 * @param path                  archive, folder or image-folder root on the worker; null means the worker's
 *                              configured copy (CIFAR) and is not allowed for {@code image-folder}
 * @param syntheticClasses      synthetic only: number of classes (default 10)
 * @param syntheticTrainPerClass synthetic only: training images per class (default 100)
 * @param syntheticTestPerClass synthetic only: test images per class (default 50)
 * @param imageSize             side of the square images (default 32 for CIFAR, 16 for synthetic)
 * @param splitSeed             seed of the once-only permutation that splits the test set into the defence part
 *                              (80%: trigger modelling, retraining) and the evaluation part (20%) (default 0); every
 *                              activity of a run receives the same spec, so they all see the same split
 * @param resize                optional: {@code true} resizes every image of another size to {@code imageSize ×
 *                              imageSize} (bilinear, as Pillow's {@code resize((n, n))}); otherwise (the default)
 *                              images of another size are refused. A run that defends a model file ({@link ModelSpec})
 *                              sets it. An {@link AddedField}, and left out of the JSON when unset, so neither the
 *                              run keys nor the recorded histories of specs without it change
 * @param unknownFields JSON fields that match no other component, kept only to be refused
 *                      ({@link CapturesUnknownFields})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetSpec(String kind, String path, Integer syntheticClasses, Integer syntheticTrainPerClass,
                          Integer syntheticTestPerClass, Integer imageSize, Long splitSeed,
                          @AddedField(unchangedWhen = "false") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean resize,
                          @JsonAnySetter @JsonIgnore Map<String, Object> unknownFields)
        implements CapturesUnknownFields {

    public static final String CIFAR10 = "cifar10";
    public static final String CIFAR100 = "cifar100";
    public static final String IMAGE_FOLDER = "image-folder";
    public static final String SYNTHETIC = "synthetic";
    public static final List<String> KINDS = List.of(CIFAR10, CIFAR100, IMAGE_FOLDER, SYNTHETIC);

    public DatasetSpec {
        unknownFields = CapturesUnknownFields.copyOf(unknownFields);
    }

    public DatasetSpec(String kind, String path, Integer syntheticClasses, Integer syntheticTrainPerClass,
                       Integer syntheticTestPerClass, Integer imageSize, Long splitSeed) {
        this(kind, path, syntheticClasses, syntheticTrainPerClass, syntheticTestPerClass, imageSize, splitSeed, null,
                Map.of());
    }

    public DatasetSpec(String kind, String path, Integer syntheticClasses, Integer syntheticTrainPerClass,
                       Integer syntheticTestPerClass, Integer imageSize, Long splitSeed, Boolean resize) {
        this(kind, path, syntheticClasses, syntheticTrainPerClass, syntheticTestPerClass, imageSize, splitSeed, resize,
                Map.of());
    }

    /** A synthetic dataset with the default shape (10 classes of 16×16 images). */
    public static DatasetSpec synthetic() {
        return new DatasetSpec(SYNTHETIC, null, null, null, null, null, null).withDefaults();
    }

    /** CIFAR-10 from {@code path}, or from the worker's configured copy when {@code path} is null. */
    public static DatasetSpec cifar10(String path) {
        return new DatasetSpec(CIFAR10, path, null, null, null, null, null).withDefaults();
    }

    public DatasetSpec withDefaults() {
        if (SYNTHETIC.equals(kind)) {
            return new DatasetSpec(kind, path, SettingChecks.orDefault(syntheticClasses, 10),
                    SettingChecks.orDefault(syntheticTrainPerClass, 100),
                    SettingChecks.orDefault(syntheticTestPerClass, 50), SettingChecks.orDefault(imageSize, 16),
                    SettingChecks.orDefault(splitSeed, 0L), resize);
        }
        return new DatasetSpec(kind, path, syntheticClasses, syntheticTrainPerClass, syntheticTestPerClass,
                SettingChecks.orDefault(imageSize, 32), SettingChecks.orDefault(splitSeed, 0L), resize);
    }

    /**
     * This spec for a model that takes {@code inputSize × inputSize} images: that image size unless one is given,
     * and images of another size resized to it unless {@code resize} is given.
     */
    public DatasetSpec forModelInput(int inputSize) {
        return new DatasetSpec(kind, path, syntheticClasses, syntheticTrainPerClass, syntheticTestPerClass,
                SettingChecks.orDefault(imageSize, inputSize), splitSeed, SettingChecks.orDefault(resize, true),
                unknownFields);
    }

    /** Whether images of another size are resized to {@code imageSize} (null counts as no). */
    public boolean resizes() {
        return Boolean.TRUE.equals(resize);
    }

    public DatasetSpec validate() {
        if (kind == null || !KINDS.contains(kind)) {
            throw new IllegalArgumentException("dataset.kind must be one of " + KINDS + ", got " + kind);
        }
        if (IMAGE_FOLDER.equals(kind) && (path == null || path.isBlank())) {
            throw new IllegalArgumentException("dataset.path is required for an image-folder dataset");
        }
        if (SYNTHETIC.equals(kind)) {
            SettingChecks.atLeast("dataset.syntheticClasses", syntheticClasses, 2);
            SettingChecks.atLeast("dataset.syntheticTrainPerClass", syntheticTrainPerClass, 1);
            SettingChecks.atLeast("dataset.syntheticTestPerClass", syntheticTestPerClass, 1);
        }
        SettingChecks.atLeast("dataset.imageSize", imageSize, 4);
        return this;
    }

    /** Number of classes when the kind fixes it (CIFAR, synthetic), null for an image folder. */
    public Integer knownClassCount() {
        if (kind == null) {
            return null;
        }
        return switch (kind) {
            case CIFAR10 -> 10;
            case CIFAR100 -> 100;
            case SYNTHETIC -> syntheticClasses != null ? syntheticClasses : 10;
            default -> null;
        };
    }
}
