package dev.mesa.model;

import dev.mesa.checkpoint.Fingerprint;

import ai.djl.nn.Block;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.mesa.data.ImageShape;

import java.util.Locale;

/**
 * Everything needed to rebuild a classifier's network: architecture name, width, classes and input shape.
 * Stored in model files; a mismatch when loading is an error. The architecture {@value #TORCHSCRIPT} is a
 * network mesa did not build (a TorchScript module, width 0): its spec records only classes and input shape.
 */
public record ClassifierSpec(String architecture, int width, int numClasses, ImageShape inputShape) {
    public static final String COMPACT = "compact";
    public static final String COMPACT_PLUS = "compact-plus";
    public static final String RESNET18 = "resnet18";
    public static final String TORCHSCRIPT = "torchscript";

    public ClassifierSpec {
        architecture = architecture.toLowerCase(Locale.ROOT);
        if (!architecture.equals(COMPACT) && !architecture.equals(COMPACT_PLUS) && !architecture.equals(RESNET18)
                && !architecture.equals(TORCHSCRIPT)) {
            throw new IllegalArgumentException("unknown architecture '" + architecture + "': expected "
                    + COMPACT + ", " + COMPACT_PLUS + ", " + RESNET18 + " or " + TORCHSCRIPT);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classifier needs >= 2 classes, got " + numClasses);
        }
        if (architecture.equals(TORCHSCRIPT) ? width != 0 : width < 1) {
            throw new IllegalArgumentException("width must be positive for mesa's architectures and 0 for a"
                    + " TorchScript network, got " + width + " for " + architecture);
        }
        if (architecture.startsWith(COMPACT) && (inputShape.height() % 8 != 0 || inputShape.width() % 8 != 0)) {
            throw new IllegalArgumentException("the compact CNN pools three times: input height and width must be"
                    + " multiples of 8, got " + inputShape);
        }
    }

    /** The default width of an architecture (compact: 32, the plain-PyTorch reference's; ResNet-18: 64). */
    public static ClassifierSpec of(String architecture, int numClasses, ImageShape inputShape) {
        String a = architecture.toLowerCase(Locale.ROOT);
        return new ClassifierSpec(a, a.equals(RESNET18) ? 64 : 32, numClasses, inputShape);
    }

    /** A TorchScript network of {@code numClasses} outputs taking {@code inputShape} images. */
    public static ClassifierSpec torchScript(int numClasses, ImageShape inputShape) {
        return new ClassifierSpec(TORCHSCRIPT, 0, numClasses, inputShape);
    }

    @JsonIgnore
    public boolean isTorchScript() {
        return architecture.equals(TORCHSCRIPT);
    }

    /** A new, uninitialised block of one of mesa's own architectures. */
    public Block newBlock() {
        return switch (architecture) {
            case TORCHSCRIPT -> throw new IllegalStateException("a TorchScript network is loaded from its module, not built");
            case RESNET18 -> ResNet18Cifar.builder().setNumClasses(numClasses).optBaseWidth(width).build();
            case COMPACT_PLUS -> CompactCnn.builder().setNumClasses(numClasses).optWidth(width).optExtraConv(true).build();
            default -> CompactCnn.builder().setNumClasses(numClasses).optWidth(width).build();
        };
    }

    /** Architecture, width, classes and input shape, for checkpoints ({@link Fingerprint}). */
    public Fingerprint fingerprint() {
        return Fingerprint.of("classifier-spec").with("architecture", architecture).with("width", width)
                .with("numClasses", numClasses).with("inputChannels", inputShape.channels())
                .with("inputHeight", inputShape.height()).with("inputWidth", inputShape.width());
    }
}
