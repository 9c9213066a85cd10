package dev.mesa.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.mesa.data.ImageShape;
import dev.mesa.data.Normalization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CompactCnnTest {
    static final Normalization NORM = new Normalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f});

    static List<String> names(int n) {
        return IntStream.range(0, n).mapToObj(i -> "c" + i).toList();
    }

    @Test
    void width32HasThePeersParameterCount() {
        try (Classifier c = Classifier.create(ClassifierSpec.of(ClassifierSpec.COMPACT, 10, ImageShape.CIFAR), NORM,
                names(10), 1, Device.cpu())) {
            assertEquals(32, c.spec().width());
            assertEquals(666_858, c.parameterCount(false));
            // BatchNorm running mean and variance of 32+32+64+64+128 channels
            assertEquals(666_858 + 2 * 320, c.parameterCount(true));
            try (var m = c.manager().newSubManager()) {
                NDArray logits = c.logits(m.zeros(new Shape(2, 3, 32, 32)), false);
                assertEquals(new Shape(2, 10), logits.getShape());
            }
        }
    }

    @Test
    void extraConvAndOtherWidths() {
        try (Classifier c = Classifier.create(new ClassifierSpec(ClassifierSpec.COMPACT_PLUS, 32, 10, ImageShape.CIFAR),
                NORM, names(10), 1, Device.cpu())) {
            // one more 128->128 3x3 conv and its BatchNorm
            assertEquals(666_858 + 128 * 128 * 9 + 2 * 128, c.parameterCount(false));
        }
        try (Classifier c = Classifier.create(new ClassifierSpec(ClassifierSpec.COMPACT, 8, 3, new ImageShape(3, 16, 16)),
                NORM, names(3), 1, Device.cpu())) {
            long convs = 3 * 8 * 9 + 8 * 8 * 9 + 8 * 16 * 9 + 16 * 16 * 9 + 16 * 32 * 9;
            long bn = 2 * (8 + 8 + 16 + 16 + 32);
            long fc = (32 * 2 * 2) * 64 + 64 + 64 * 3 + 3;
            assertEquals(convs + bn + fc, c.parameterCount(false));
        }
    }

    @Test
    void invalidBuildsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> CompactCnn.builder().build());
        assertThrows(IllegalArgumentException.class, () -> CompactCnn.builder().setNumClasses(10).optWidth(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> new ClassifierSpec(ClassifierSpec.COMPACT, 32, 10, new ImageShape(3, 28, 28)));
        assertThrows(IllegalArgumentException.class,
                () -> new ClassifierSpec("vgg", 32, 10, ImageShape.CIFAR));
    }
}
