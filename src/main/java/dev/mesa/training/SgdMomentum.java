package dev.mesa.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

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
        this(ParameterOptimizer.trainableOf(block), momentum, weightDecay, nesterov);
    }

    public SgdMomentum(List<Parameter> parameters, double momentum, double weightDecay, boolean nesterov) {
        super(parameters);
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
        if (nesterov || learningRate == 0) {
            stepPerOperation(learningRate);
        } else {
            stepNative(learningRate);
        }
        steps++;
    }

    /**
     * DJL's native sgdUpdate keeps the velocity {@code lr * buf} ({@code v = m*v + lr*(g + wd*w); w -= v});
     * the buffer is scaled to that velocity and back around the call, so that it always holds PyTorch's
     * momentum buffer (what checkpoints store) whatever the learning-rate schedule does. Five JNI calls per
     * tensor instead of about ten.
     */
    private void stepNative(double learningRate) {
        float lr = (float) learningRate;
        updateTrainable((i, w, g) -> {
            PtNDArray buffer = (PtNDArray) buffers.get(i);
            buffer.muli(lr);
            JniUtils.sgdUpdate(w, g, buffer, lr, (float) weightDecay, 1f, -1f, (float) momentum);
            buffer.divi(lr);
        });
    }

    private void stepPerOperation(double learningRate) {
        try (NDScope scope = new NDScope()) {
            updateTrainable((i, w, gradient) -> {
                NDArray g = weightDecay > 0 ? gradient.add(w.mul((float) weightDecay)) : gradient;
                NDArray buf = buffers.get(i);
                buf.muli((float) momentum).addi(g);
                NDArray direction = nesterov ? g.add(buf.mul((float) momentum)) : buf;
                w.subi(direction.mul((float) learningRate));
            });
        }
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
