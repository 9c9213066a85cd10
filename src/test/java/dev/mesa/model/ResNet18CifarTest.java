package dev.mesa.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.mesa.data.ImageShape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ResNet18CifarTest {
    @Test
    void standardCifarResNet18HasTheKnownParameterCount() {
        try (Classifier c = Classifier.create(ClassifierSpec.of(ClassifierSpec.RESNET18, 10, ImageShape.CIFAR),
                CompactCnnTest.NORM, CompactCnnTest.names(10), 1, Device.cpu())) {
            assertEquals(64, c.spec().width());
            assertEquals(11_173_962L, c.parameterCount(false));
            // running statistics of 4,800 BatchNorm channels (stem 64, stages 4x64, 5x128, 5x256, 5x512)
            assertEquals(11_173_962L + 2 * 4_800, c.parameterCount(true));
            try (var m = c.manager().newSubManager()) {
                NDArray logits = c.logits(m.zeros(new Shape(2, 3, 32, 32)), false);
                assertEquals(new Shape(2, 10), logits.getShape());
            }
        }
    }

    @Test
    void hundredClasses() {
        try (Classifier c = Classifier.create(ClassifierSpec.of(ClassifierSpec.RESNET18, 100, ImageShape.CIFAR),
                CompactCnnTest.NORM, CompactCnnTest.names(100), 1, Device.cpu())) {
            assertEquals(11_173_962L + 90 * 512 + 90, c.parameterCount(false));
        }
    }

    @Test
    void invalidBuildsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ResNet18Cifar.builder().build());
        assertThrows(IllegalArgumentException.class, () -> ResNet18Cifar.builder().setNumClasses(10).optBaseWidth(0).build());
    }
}
