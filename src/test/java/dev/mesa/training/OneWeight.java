package dev.mesa.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

/** A block with exactly one parameter w (a 1→1 linear layer without bias) and the loss (w·1)², gradient 2w. */
final class OneWeight implements AutoCloseable {
    final NDManager manager = NDManager.newBaseManager();
    final Linear block = Linear.builder().setUnits(1).optBias(false).build();
    private final ParameterStore store = new ParameterStore(manager, false);

    OneWeight(float initial) {
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
        weight().set(new float[] {initial});
    }

    NDArray weight() {
        return block.getParameters().get(0).getValue().getArray();
    }

    float value() {
        return weight().toFloatArray()[0];
    }

    /** Records the gradient of (w·1)² = 2w on w. */
    void backward() {
        try (NDManager step = manager.newSubManager();
             GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = block.forward(store, new NDList(step.ones(new Shape(1, 1))), true).singletonOrThrow();
            gc.backward(y.square().sum());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
