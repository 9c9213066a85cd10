package dev.mesa.distribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * MINE's statistics network T(z, x) (ref architecture): lrelu(fc_z(z) + fc_x(x) + b) → fc(hidden→hidden)
 * lrelu → fc(hidden→1), with the reference code's final lrelu unless disabled. Inputs: noise {@code (B, zDim)}
 * and samples {@code (B, ...)} (flattened). Output {@code (B)}.
 */
public final class StatisticsNetwork extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Linear fcZ;
    private final Linear fcX;
    private final Parameter bias;
    private final Linear fc2;
    private final Linear fc3;
    private final boolean finalActivation;
    private final int hidden;

    private StatisticsNetwork(Builder b) {
        super(VERSION);
        this.hidden = b.hidden;
        this.finalActivation = b.finalActivation;
        fcZ = addChildBlock("fcZ", Linear.builder().setUnits(b.hidden).optBias(false).build());
        fcX = addChildBlock("fcX", Linear.builder().setUnits(b.hidden).optBias(false).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(b.hidden)).build());
        fc2 = addChildBlock("fc2", Linear.builder().setUnits(b.hidden).build());
        fc3 = addChildBlock("fc3", Linear.builder().setUnits(1).build());
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray z = inputs.get(0);
        NDArray x = inputs.get(1);
        NDArray flat = x.reshape(x.getShape().get(0), -1);
        NDArray b = ps.getValue(bias, z.getDevice(), training);
        NDArray h = fcZ.forward(ps, new NDList(z), training).singletonOrThrow()
                .add(fcX.forward(ps, new NDList(flat), training).singletonOrThrow()).add(b);
        h = Activation.leakyRelu(h, TriggerGenerator.LEAKY_SLOPE);
        h = Activation.leakyRelu(fc2.forward(ps, new NDList(h), training).singletonOrThrow(), TriggerGenerator.LEAKY_SLOPE);
        NDArray out = fc3.forward(ps, new NDList(h), training).singletonOrThrow();
        if (finalActivation) {
            out = Activation.leakyRelu(out, TriggerGenerator.LEAKY_SLOPE);
        }
        return new NDList(out.reshape(-1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        fcZ.initialize(manager, dataType, inputShapes[0]);
        fcX.initialize(manager, dataType, new Shape(batch, inputShapes[1].size() / batch));
        fc2.initialize(manager, dataType, new Shape(batch, hidden));
        fc3.initialize(manager, dataType, new Shape(batch, hidden));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }

    /** Builder: hidden width (default 512) and whether to keep the reference code's final lrelu (default yes). */
    public static final class Builder {
        private int hidden = 512;
        private boolean finalActivation = true;

        public Builder optHidden(int hidden) {
            this.hidden = hidden;
            return this;
        }

        public Builder optFinalActivation(boolean finalActivation) {
            this.finalActivation = finalActivation;
            return this;
        }

        public StatisticsNetwork build() {
            if (hidden < 1) {
                throw new IllegalArgumentException("hidden width must be positive, got " + hidden);
            }
            return new StatisticsNetwork(this);
        }
    }
}
