package dev.mesa.model;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.mesa.data.ImageShape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterInitializerTest {
    static final ClassifierSpec SPEC = ClassifierSpec.of(ClassifierSpec.COMPACT, 10, ImageShape.CIFAR);

    static List<float[]> values(Classifier c) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : c.block().getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    static Classifier create(long seed) {
        return Classifier.create(SPEC, CompactCnnTest.NORM, CompactCnnTest.names(10), seed, Device.cpu());
    }

    @Test
    void sameSeedSameParametersOtherSeedOthers() {
        try (Classifier a = create(5); Classifier b = create(5); Classifier c = create(6)) {
            List<float[]> va = values(a);
            List<float[]> vb = values(b);
            List<float[]> vc = values(c);
            for (int i = 0; i < va.size(); i++) {
                assertArrayEquals(va.get(i), vb.get(i), "parameter " + i);
            }
            assertFalse(Arrays.equals(va.get(0), vc.get(0)));
        }
    }

    @Test
    void pytorchDefaultBoundsAndBatchNormConstants() {
        try (Classifier c = create(7)) {
            for (Pair<String, Parameter> p : c.block().getParameters()) {
                Parameter param = p.getValue();
                float[] v = param.getArray().toFloatArray();
                switch (param.getType()) {
                    case GAMMA, RUNNING_VAR -> assertAllEqual(1f, v, p.getKey());
                    case BETA, RUNNING_MEAN -> assertAllEqual(0f, v, p.getKey());
                    case WEIGHT, BIAS -> {
                        long fanIn = fanIn(c, p.getKey());
                        double bound = 1 / Math.sqrt(fanIn);
                        double max = 0;
                        double sumSq = 0;
                        for (float x : v) {
                            max = Math.max(max, Math.abs(x));
                            sumSq += x * x;
                        }
                        assertTrue(max <= bound, p.getKey() + " exceeds 1/sqrt(fan_in)");
                        if (v.length >= 1000) {
                            assertTrue(max > 0.99 * bound, p.getKey() + " max " + max + " vs bound " + bound);
                            // U(-b, b) has variance b^2 / 3
                            assertEquals(bound * bound / 3, sumSq / v.length, 0.05 * bound * bound / 3, p.getKey());
                        }
                    }
                    default -> { }
                }
            }
        }
    }

    /** fan_in from the weight that shares the parameter's layer: total size / output channels. */
    private static long fanIn(Classifier c, String name) {
        String layer = name.substring(0, name.lastIndexOf('_'));
        for (Pair<String, Parameter> p : c.block().getParameters()) {
            if (p.getKey().equals(layer + "_weight")) {
                var s = p.getValue().getArray().getShape();
                return s.size() / s.get(0);
            }
        }
        throw new AssertionError("no weight for " + name);
    }

    private static void assertAllEqual(float expected, float[] v, String name) {
        for (float x : v) {
            assertEquals(expected, x, name);
        }
    }
}
