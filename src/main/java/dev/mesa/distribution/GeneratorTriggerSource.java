package dev.mesa.distribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mesa.trigger.TriggerSource;

import java.util.SplittableRandom;

/** Fresh triggers sampled from one trained sub-model (inference mode), optionally with N(0, σ²) noise, clipped to [0, 1]. */
public final class GeneratorTriggerSource implements TriggerSource {
    private final TriggerGeneratorModel model;
    private final String name;
    private final double noiseStd;

    public GeneratorTriggerSource(TriggerGeneratorModel model, String name, double noiseStd) {
        this.model = model;
        this.name = name;
        this.noiseStd = noiseStd;
    }

    @Override
    public NDArray sample(NDManager manager, int count, SplittableRandom random, int epoch) {
        NDArray triggers = model.sample(manager, count, random);
        if (noiseStd > 0) {
            float[] noise = new float[Math.toIntExact(triggers.size())];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) (dev.mesa.random.Seeds.gaussian(random) * noiseStd);
            }
            triggers = triggers.add(manager.create(noise, triggers.getShape())).clip(0f, 1f);
        }
        return triggers;
    }

    public TriggerGeneratorModel model() {
        return model;
    }

    @Override
    public int channels() {
        return model.channels();
    }

    @Override
    public int height() {
        return model.height();
    }

    @Override
    public int width() {
        return model.width();
    }

    @Override
    public String describe() {
        return name + (noiseStd > 0 ? " +N(0," + noiseStd + "^2)" : "");
    }
}
