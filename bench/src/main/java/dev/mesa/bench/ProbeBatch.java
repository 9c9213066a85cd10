package dev.mesa.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mesa.checkpoint.DurableFiles;
import dev.mesa.checkpoint.JsonCodec;
import dev.mesa.data.ImageShape;

import java.nio.file.Path;
import java.util.Map;

/**
 * The probe batch the PyTorch checks in bench/ recompute: {@code x.flatten()[i] = 1.5 sin(0.37 i)} (in
 * double, rounded to float), and the logits mesa computed for it, as JSON.
 */
final class ProbeBatch {
    private ProbeBatch() {}

    static NDArray of(NDManager manager, int batch, ImageShape shape) {
        float[] v = new float[batch * shape.values()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (1.5 * Math.sin(0.37 * i));
        }
        return manager.create(v, new Shape(batch, shape.channels(), shape.height(), shape.width()));
    }

    static void writeLogits(Path file, NDArray logits) {
        DurableFiles.writeBytes(file, JsonCodec.toBytes(Map.of("shape", logits.getShape().getShape(),
                "logits", logits.toFloatArray())));
    }
}
