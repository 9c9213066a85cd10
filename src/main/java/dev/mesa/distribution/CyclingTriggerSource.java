package dev.mesa.distribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mesa.trigger.TriggerSource;

import java.util.List;
import java.util.SplittableRandom;

/** The reference code's ensemble retraining: epoch e uses sub-model e mod N (β = 0.9, 0.8, 0.5, 0.9, ...). */
public final class CyclingTriggerSource implements TriggerSource {
    private final List<? extends TriggerSource> components;
    private final String name;

    public CyclingTriggerSource(List<? extends TriggerSource> components, String name) {
        if (components.isEmpty()) {
            throw new IllegalArgumentException("a cycling ensemble needs at least one sub-model");
        }
        TriggerSource first = components.get(0);
        for (TriggerSource c : components) {
            if (c.channels() != first.channels() || c.height() != first.height() || c.width() != first.width()) {
                throw new IllegalArgumentException("cycling ensemble sub-models produce triggers of different shapes");
            }
        }
        this.components = List.copyOf(components);
        this.name = name;
    }

    @Override
    public NDArray sample(NDManager manager, int count, SplittableRandom random, int epoch) {
        return components.get(Math.floorMod(epoch, components.size())).sample(manager, count, random, epoch);
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
