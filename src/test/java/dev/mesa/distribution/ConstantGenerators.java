package dev.mesa.distribution;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.List;

/** Degenerate sub-models for tests: the last layer's weights zeroed, so G(z) = sigmoid(bias) for every z. */
final class ConstantGenerators {
    static final MesaConfig CONFIG = new MesaConfig(List.of(0.8), 0.1, 0.1, 16, 8, 1e-3, 0.5, 0.999, 0.1, 1, 16, true);

    private ConstantGenerators() {}

    /** A 3×3×3 generator whose every sample has all intensities {@code sigmoid(logit)}. */
    static TriggerGeneratorModel constant(double logit, long seed) {
        TriggerGeneratorModel model = TriggerGeneratorModel.create(CONFIG, 3, 3, 3, seed, Device.cpu());
        int found = 0;
        for (Pair<String, Parameter> p : model.generator().getParameters()) {
            if (p.getKey().contains("fc4")) {
                p.getValue().getArray().muli(0f).addi(p.getValue().getType() == Parameter.Type.BIAS ? (float) logit : 0f);
                found++;
            }
        }
        if (found != 2) {
            throw new IllegalStateException("expected fc4 weight and bias, found " + found);
        }
        return model;
    }

    static double logit(double p) {
        return Math.log(p / (1 - p));
    }
}
