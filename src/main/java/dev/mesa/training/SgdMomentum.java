package dev.mesa.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** SGD with momentum and weight decay, PyTorch semantics ({@code buf = m*buf + g + wd*w; w -= lr*buf}). */
public final class SgdMomentum extends ParameterOptimizer {
    private final double momentum;
    private final double weightDecay;
    private final boolean nesterov;
    private final List<NDArray> buffers = new ArrayList<>();
    private long steps;

    public SgdMomentum(Block block, double momentum, double weightDecay, boolean nesterov) {
        super(block);
        if (momentum < 0 || momentum >= 1 || weightDecay < 0) {
            throw new IllegalArgumentException("momentum must be in [0, 1) and weight decay >= 0");
        }
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
        for (Parameter p : parameters) {
            NDArray w = p.getArray();
            buffers.add(w.getManager().zeros(w.getShape(), w.getDataType(), w.getDevice()));
        }
    }

    @Override
    public void step(double learningRate) {
        try (NDScope scope = new NDScope()) {
            for (int i = 0; i < parameters.size(); i++) {
                Parameter p = parameters.get(i);
                if (!p.requiresGradient()) {
                    continue;
                }
                NDArray w = p.getArray();
                NDArray g = w.getGradient();
                if (weightDecay > 0) {
                    g = g.add(w.mul((float) weightDecay));
                }
                NDArray buf = buffers.get(i);
                buf.muli((float) momentum).addi(g);
                NDArray direction = nesterov ? g.add(buf.mul((float) momentum)) : buf;
                w.subi(direction.mul((float) learningRate));
                zeroGradient(w);
            }
        }
        steps++;
    }

    @Override
    public NDList state() {
        return new NDList(buffers);
    }

    @Override
    public long counter() {
        return steps;
    }

    @Override
    public void restore(NDList state, long counter, Path source) {
        copyState(buffers, state, source);
        this.steps = counter;
    }
}
