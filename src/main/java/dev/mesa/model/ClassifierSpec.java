package dev.mesa.model;

import ai.djl.nn.Block;
import dev.mesa.data.ImageShape;

import java.util.Locale;

/**
 * Everything needed to rebuild a classifier's network: architecture name, width, classes and input shape.
 * Stored in model files; a mismatch when loading is an error.
 */
public record ClassifierSpec(String architecture, int width, int numClasses, ImageShape inputShape) {
    public static final String COMPACT = "compact";
    public static final String COMPACT_PLUS = "compact-plus";
    public static final String RESNET18 = "resnet18";

    public ClassifierSpec {
        architecture = architecture.toLowerCase(Locale.ROOT);
        if (!architecture.equals(COMPACT) && !architecture.equals(COMPACT_PLUS) && !architecture.equals(RESNET18)) {
            throw new IllegalArgumentException("unknown architecture '" + architecture + "': expected "
                    + COMPACT + ", " + COMPACT_PLUS + " or " + RESNET18);
        }
        if (numClasses < 2 || width < 1) {
            throw new IllegalArgumentException("a classifier needs >= 2 classes and a positive width");
        }
        if (architecture.startsWith(COMPACT) && (inputShape.height() % 8 != 0 || inputShape.width() % 8 != 0)) {
            throw new IllegalArgumentException("the compact CNN pools three times: input height and width must be"
                    + " multiples of 8, got " + inputShape);
        }
    }

    /** The default width of an architecture (compact: 32 as in the peer; ResNet-18: 64). */
    public static ClassifierSpec of(String architecture, int numClasses, ImageShape inputShape) {
        String a = architecture.toLowerCase(Locale.ROOT);
        return new ClassifierSpec(a, a.equals(RESNET18) ? 64 : 32, numClasses, inputShape);
    }

    public Block newBlock() {
        return switch (architecture) {
            case RESNET18 -> ResNet18Cifar.builder().setNumClasses(numClasses).optBaseWidth(width).build();
            case COMPACT_PLUS -> CompactCnn.builder().setNumClasses(numClasses).optWidth(width).optExtraConv(true).build();
            default -> CompactCnn.builder().setNumClasses(numClasses).optWidth(width).build();
        };
    }
}
