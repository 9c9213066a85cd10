package dev.mesa.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mesa.data.ImageShape;
import dev.mesa.random.Seeds;

import java.util.SplittableRandom;

/** Seeded inputs for probing a network: normalised images are roughly standard normal per channel. */
final class ProbeImages {
    private ProbeImages() {}

    static NDArray standardNormal(NDManager manager, ImageShape shape, int batch, long seed) {
        SplittableRandom random = Seeds.stream(seed, "probe-images");
        float[] values = new float[batch * shape.values()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Seeds.gaussian(random);
        }
        return manager.create(values, new Shape(batch, shape.channels(), shape.height(), shape.width()));
    }
}
