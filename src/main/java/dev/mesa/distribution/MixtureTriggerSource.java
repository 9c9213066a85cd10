package dev.mesa.distribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mesa.trigger.TriggerSource;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The ensemble G̃ = G_Y, Y ~ Categorical(γ): each trigger comes from a sub-model drawn per sample with
 * weights γ (uniform γ = 1/N is the paper's practical choice).
 */
public final class MixtureTriggerSource implements TriggerSource {
    private final List<? extends TriggerSource> components;
    private final double[] cumulative;
    private final String name;

    public MixtureTriggerSource(List<? extends TriggerSource> components, double[] weights, String name) {
        if (components.isEmpty() || components.size() != weights.length) {
            throw new IllegalArgumentException("a mixture needs one weight per component and at least one component");
        }
        TriggerSource first = components.get(0);
        for (TriggerSource c : components) {
            if (c.channels() != first.channels() || c.height() != first.height() || c.width() != first.width()) {
                throw new IllegalArgumentException("mixture components produce triggers of different shapes");
            }
        }
        this.components = List.copyOf(components);
        this.cumulative = EnsembleWeights.cumulative(weights);
        this.name = name;
    }

    public static MixtureTriggerSource uniform(List<? extends TriggerSource> components, String name) {
        return new MixtureTriggerSource(components, EnsembleWeights.uniform(components.size()), name);
    }

    /**
     * Draws a component per sample, then combines every component's batch with one-hot masks (sub-models are
     * small, so sampling all of them is cheaper than gathering).
     */
    @Override
    public NDArray sample(NDManager manager, int count, SplittableRandom random, int epoch) {
        int n = components.size();
        float[][] masks = new float[n][count];
        for (int i = 0; i < count; i++) {
            double u = random.nextDouble();
            int k = 0;
            while (k < n - 1 && u >= cumulative[k]) {
                k++;
            }
            masks[k][i] = 1f;
        }
        NDArray out = null;
        for (int k = 0; k < n; k++) {
            NDArray s = components.get(k).sample(manager, count, random, epoch);
            NDArray mask = manager.create(masks[k], new Shape(count, 1, 1, 1));
            NDArray part = mask.mul(s);
            out = out == null ? part : out.add(part);
        }
        return out;
    }

    @Override
    public int channels() {
        return components.get(0).channels();
    }

    @Override
    public int height() {
        return components.get(0).height();
    }

    @Override
    public int width() {
        return components.get(0).width();
    }

    @Override
    public String describe() {
        return name;
    }
}
