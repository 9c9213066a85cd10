package dev.mesa.trigger;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.SplittableRandom;

/** Always the same trigger (the attacker's, the ideal defence's, or a reversed one). */
public record FixedTriggerSource(TriggerPattern pattern) implements TriggerSource {
    @Override
    public NDArray sample(NDManager manager, int count, SplittableRandom random, int epoch) {
        return pattern.toNDArray(manager);
    }

    @Override
    public int channels() {
        return pattern.channels();
    }

    @Override
    public int height() {
        return pattern.height();
    }

    @Override
    public int width() {
        return pattern.width();
    }

    @Override
    public String describe() {
        return pattern.name();
    }
}
