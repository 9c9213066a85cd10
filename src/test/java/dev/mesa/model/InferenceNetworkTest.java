package dev.mesa.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.mesa.data.ImageShape;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InferenceNetworkTest {
    private static final ImageShape SMALL = new ImageShape(3, 16, 16);

    /** BatchNorm statistics and affine parameters far from their initial values, so that folding matters. */
    static void randomiseBatchNorms(Classifier c, long seed) {
        Random random = new Random(seed);
        for (var p : c.block().getParameters()) {
            Parameter.Type type = p.getValue().getType();
            String name = p.getValue().getName();
            NDArray a = p.getValue().getArray();
            float[] v = new float[Math.toIntExact(a.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (name) {
                    case "runningVar" -> 0.2f + 2f * random.nextFloat();
                    case "runningMean", "beta" -> (float) random.nextGaussian() * 0.5f;
                    case "gamma" -> 0.5f + random.nextFloat();
                    default -> Float.NaN;
                };
            }
            if (type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR
                    || name.equals("gamma") || name.equals("beta")) {
                a.set(v);
            }
        }
    }

    /** {@code n} seeded random images of the small shape, so that a failure reproduces. */
    static NDArray images(NDManager m, int n) {
        Engine.getInstance().setRandomSeed(17 + n);
        return m.randomNormal(new Shape(n, 3, 16, 16));
    }

    /** Logits and input gradient of sum(logits · weights), through the block or the inference network. */
    static float[][] logitsAndInputGradient(Classifier c, NDArray x, boolean inference) {
        NDArray input = x.duplicate();
        input.setRequiresGradient(true);
        NDArray logits;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            logits = inference ? c.inferenceLogits(input) : c.logits(input, false);
            NDArray weights = logits.getManager().arange(1f, 1f + logits.getShape().get(1)).div(3f);
            collector.backward(logits.mul(weights).sum());
        }
        return new float[][] {logits.stopGradient().toFloatArray(), input.getGradient().toFloatArray()};
    }

    static void assertClose(float[] expected, float[] actual, double relative) {
        assertEquals(expected.length, actual.length);
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * scale, "element " + i);
        }
    }

    private static void assertSameFunction(ClassifierSpec spec) {
        try (Classifier c = Classifier.create(spec, CompactCnnTest.NORM, CompactCnnTest.names(spec.numClasses()), 3,
                Device.cpu())) {
            randomiseBatchNorms(c, 5);
            c.freeze(true);
            try (NDManager m = c.manager().newSubManager()) {
                NDArray x = images(m, 4);
                float[][] reference = logitsAndInputGradient(c, x, false);
                float[][] folded = logitsAndInputGradient(c, x, true);
                assertClose(reference[0], folded[0], 1e-5);
                assertClose(reference[1], folded[1], 1e-5);
                assertFalse(java.util.Arrays.equals(reference[1], new float[reference[1].length]), "gradient reached the input");
            }
        }
    }

    @Test
    void compactCnnInferenceFormComputesTheSameLogitsAndInputGradients() {
        assertSameFunction(new ClassifierSpec(ClassifierSpec.COMPACT, 8, 3, SMALL));
    }

    @Test
    void resNetInferenceFormComputesTheSameLogitsAndInputGradients() {
        assertSameFunction(new ClassifierSpec(ClassifierSpec.RESNET18, 4, 3, SMALL));
    }

    @Test
    void layerOrderKeepsTheBlocksFunctionInBothModes() {
        try (Classifier c = Classifier.create(new ClassifierSpec(ClassifierSpec.COMPACT, 8, 3, SMALL), CompactCnnTest.NORM,
                CompactCnnTest.names(3), 3, Device.cpu());
             NDManager m = c.manager().newSubManager()) {
            randomiseBatchNorms(c, 7);
            NDArray x = images(m, 4);
            var store = new ai.djl.training.ParameterStore(m, false);
            for (boolean training : new boolean[] {false, true}) {
                float[] block = c.block().forward(store, new ai.djl.ndarray.NDList(x), training).singletonOrThrow().toFloatArray();
                assertClose(block, c.logits(x, training).toFloatArray(), 1e-5);
            }
        }
    }

    @Test
    void trainingGradientsOfEveryWeightAreTheBlocksOwn() {
        for (ClassifierSpec spec : new ClassifierSpec[] {new ClassifierSpec(ClassifierSpec.COMPACT, 8, 3, SMALL),
                new ClassifierSpec(ClassifierSpec.RESNET18, 4, 3, SMALL)}) {
            try (Classifier c = Classifier.create(spec, CompactCnnTest.NORM, CompactCnnTest.names(3), 3, Device.cpu());
                 NDManager m = c.manager().newSubManager()) {
                c.freeze(false);
                NDArray x = images(m, 6);
                var store = new ai.djl.training.ParameterStore(m, false);
                float[][] viaBlock = weightGradients(c, () -> c.block().forward(store, new ai.djl.ndarray.NDList(x), true).singletonOrThrow());
                float[][] viaLogits = weightGradients(c, () -> c.logits(x, true));
                for (int i = 0; i < viaBlock.length; i++) {
                    assertClose(viaBlock[i], viaLogits[i], 1e-4);
                }
                // BatchNorm running statistics move the same way from the same start
                randomiseBatchNorms(c, 13);
                c.block().forward(store, new ai.djl.ndarray.NDList(x), true);
                float[] afterBlock = runningStatistics(c);
                randomiseBatchNorms(c, 13);
                c.logits(x, true);
                assertClose(afterBlock, runningStatistics(c), 1e-5);
            }
        }
    }

    private static float[] runningStatistics(Classifier c) {
        return c.block().getParameters().values().stream()
                .filter(p -> p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR)
                .map(p -> p.getArray().toFloatArray())
                .reduce(new float[0], (a, b) -> {
                    float[] r = java.util.Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, r, a.length, b.length);
                    return r;
                });
    }

    private static float[][] weightGradients(Classifier c, java.util.function.Supplier<NDArray> forward) {
        var params = c.block().getParameters().values().stream().filter(Parameter::requiresGradient).toList();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = forward.get();
            NDArray weights = logits.getManager().arange(1f, 1f + logits.getShape().get(1)).div(3f);
            collector.backward(logits.mul(weights).sum());
        }
        float[][] out = new float[params.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = params.get(i).getArray().getGradient().toFloatArray();
            ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) params.get(i).getArray());
        }
        return out;
    }

    @Test
    void batchNormsAreFoldedAway() {
        try (Classifier c = Classifier.create(new ClassifierSpec(ClassifierSpec.COMPACT, 8, 3, SMALL), CompactCnnTest.NORM,
                CompactCnnTest.names(3), 3, Device.cpu());
             InferenceNetwork n = InferenceNetwork.compile(c.block(), c.manager())) {
            // 5 x (conv, bn, relu) + 3 pools + flatten + linear + relu + linear = 22 blocks; 5 BatchNorms folded
            assertEquals(17, n.layerCount());
        }
    }

    @Test
    void frozenFormFollowsWeightChangesMadeWhileUnfrozen() {
        try (Classifier c = Classifier.create(new ClassifierSpec(ClassifierSpec.COMPACT, 8, 3, SMALL), CompactCnnTest.NORM,
                CompactCnnTest.names(3), 3, Device.cpu());
             NDManager m = c.manager().newSubManager()) {
            NDArray x = images(m, 2);
            c.freeze(true);
            float[] before = c.inferenceLogits(x).toFloatArray();
            c.freeze(false);
            randomiseBatchNorms(c, 11);
            assertClose(c.logits(x, false).toFloatArray(), c.inferenceLogits(x).toFloatArray(), 1e-5);
            c.freeze(true);
            float[] after = c.inferenceLogits(x).toFloatArray();
            assertFalse(java.util.Arrays.equals(before, after), "the weights changed (test is meaningful)");
            assertClose(c.logits(x, false).toFloatArray(), after, 1e-5);
        }
    }

    @Test
    void unknownBlocksWithParametersAreRejected() {
        Block odd = new SequentialBlock().add(Linear.builder().setUnits(4).build())
                .add(BatchNorm.builder().build()).add(Linear.builder().setUnits(2).build());
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            odd.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InferenceNetwork.compile(odd, m));
            assertTrue(e.getMessage().contains("BatchNorm"), e.getMessage());
        }
    }
}
