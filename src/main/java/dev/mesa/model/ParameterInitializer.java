package dev.mesa.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.mesa.random.Seeds;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * PyTorch's default initialisation for linear and convolution layers, seeded and host-side: weights and
 * biases ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (fan_in from the layer's weight), BatchNorm scale 1 and
 * shift 0. Drawing on the host from {@link Seeds} keeps initialisation reproducible without touching the
 * engine's global random state (activities run concurrently in one worker).
 */
public final class ParameterInitializer {
    private ParameterInitializer() {}

    /** Overwrites every weight and bias of an initialised block. */
    public static void pytorchDefaults(Block block, long seed) {
        Map<String, Long> fanIn = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                Shape s = p.getValue().getArray().getShape();
                fanIn.put(stem(p.getKey()), s.size() / s.get(0));
            }
        }
        int index = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            NDArray array = parameter.getArray();
            SplittableRandom random = Seeds.stream(seed, "init", index++);
            switch (parameter.getType()) {
                case WEIGHT -> fillUniform(array, 1.0 / Math.sqrt(fanIn.get(stem(p.getKey()))), random);
                case BIAS -> {
                    Long f = fanIn.get(stem(p.getKey()));
                    if (f == null) {
                        fillConstant(array, 0f);
                    } else {
                        fillUniform(array, 1.0 / Math.sqrt(f), random);
                    }
                }
                case GAMMA, RUNNING_VAR -> fillConstant(array, 1f);
                case BETA, RUNNING_MEAN -> fillConstant(array, 0f);
                default -> { }
            }
        }
    }

    private static String stem(String name) {
        int cut = name.lastIndexOf('_');
        return cut < 0 ? name : name.substring(0, cut);
    }

    private static void fillUniform(NDArray array, double bound, SplittableRandom random) {
        float[] v = new float[Math.toIntExact(array.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        array.set(v);
    }

    private static void fillConstant(NDArray array, float value) {
        float[] v = new float[Math.toIntExact(array.size())];
        java.util.Arrays.fill(v, value);
        array.set(v);
    }
}
