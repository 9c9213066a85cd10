package dev.mesa.distribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * MESA's generator G: z → trigger (ref architecture, CIFAR). The noise z ~ U[0,1)^{zDim} is split into four
 * equal chunks fed in turn: fc1(z1) BN lrelu(0.2); fc2([h, z2]) BN lrelu; fc3([h, z3]) BN lrelu;
 * fc4([h, z4]) sigmoid, reshaped to {@code C × h × w} intensities in (0, 1).
 */
public final class TriggerGenerator extends AbstractBlock {
    private static final byte VERSION = 1;
    static final float LEAKY_SLOPE = 0.2f;

    private final int noiseDim;
    private final int hidden;
    private final int chunk;
    private final int channels;
    private final int height;
    private final int width;
    private final Linear fc1;
    private final Linear fc2;
    private final Linear fc3;
    private final Linear fc4;
    private final BatchNorm bn1;
    private final BatchNorm bn2;
    private final BatchNorm bn3;

    private TriggerGenerator(Builder b) {
        super(VERSION);
        this.noiseDim = b.noiseDim;
        this.hidden = b.hidden;
        this.chunk = b.noiseDim / 4;
        this.channels = b.channels;
        this.height = b.height;
        this.width = b.width;
        fc1 = addChildBlock("fc1", Linear.builder().setUnits(b.hidden).build());
        bn1 = addChildBlock("bn1", BatchNorm.builder().build());
        fc2 = addChildBlock("fc2", Linear.builder().setUnits(b.hidden).build());
        bn2 = addChildBlock("bn2", BatchNorm.builder().build());
        fc3 = addChildBlock("fc3", Linear.builder().setUnits(b.hidden).build());
        bn3 = addChildBlock("bn3", BatchNorm.builder().build());
        fc4 = addChildBlock("fc4", Linear.builder().setUnits((long) b.channels * b.height * b.width).build());
    }

    public static Builder builder() {
        return new Builder();
    }

    public int noiseDim() {
        return noiseDim;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray z = inputs.singletonOrThrow();
        NDList parts = z.split(4, 1);
        NDArray h = layer(ps, fc1, bn1, parts.get(0), training);
        h = layer(ps, fc2, bn2, NDArrays.concat(new NDList(h, parts.get(1)), 1), training);
        h = layer(ps, fc3, bn3, NDArrays.concat(new NDList(h, parts.get(2)), 1), training);
        NDArray out = fc4.forward(ps, new NDList(NDArrays.concat(new NDList(h, parts.get(3)), 1)), training)
                .singletonOrThrow();
        return new NDList(Activation.sigmoid(out).reshape(-1, channels, height, width));
    }

    private static NDArray layer(ParameterStore ps, Linear fc, BatchNorm bn, NDArray in, boolean training) {
        NDArray h = fc.forward(ps, new NDList(in), training).singletonOrThrow();
        h = bn.forward(ps, new NDList(h), training).singletonOrThrow();
        return Activation.leakyRelu(h, LEAKY_SLOPE);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        fc1.initialize(manager, dataType, new Shape(batch, chunk));
        bn1.initialize(manager, dataType, new Shape(batch, hidden));
        fc2.initialize(manager, dataType, new Shape(batch, hidden + chunk));
        bn2.initialize(manager, dataType, new Shape(batch, hidden));
        fc3.initialize(manager, dataType, new Shape(batch, hidden + chunk));
        bn3.initialize(manager, dataType, new Shape(batch, hidden));
        fc4.initialize(manager, dataType, new Shape(batch, hidden + chunk));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), channels, height, width)};
    }

    /** Builder: {@code setTriggerShape} required; noise dimension (multiple of 4, default 64) and hidden width (default 512). */
    public static final class Builder {
        private int noiseDim = 64;
        private int hidden = 512;
        private int channels = -1;
        private int height = -1;
        private int width = -1;

        public Builder setTriggerShape(int channels, int height, int width) {
            this.channels = channels;
            this.height = height;
            this.width = width;
            return this;
        }

        public Builder optNoiseDim(int noiseDim) {
            this.noiseDim = noiseDim;
            return this;
        }

        public Builder optHidden(int hidden) {
            this.hidden = hidden;
            return this;
        }

        public TriggerGenerator build() {
            if (channels < 1 || height < 1 || width < 1) {
                throw new IllegalArgumentException("the generator needs a trigger shape (channels, height, width)");
            }
            if (noiseDim < 4 || noiseDim % 4 != 0) {
                throw new IllegalArgumentException("noise dimension must be a positive multiple of 4, got " + noiseDim);
            }
            if (hidden < 1) {
                throw new IllegalArgumentException("hidden width must be positive, got " + hidden);
            }
            return new TriggerGenerator(this);
        }
    }
}
