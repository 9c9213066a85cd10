package dev.mesa.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/**
 * A compact CIFAR CNN for CPU work. With width {@code w} (default 32: the "small" model of the plain-PyTorch
 * reference in docs/PERFORMANCE.md):
 * conv(3→w) conv(w→w) pool, conv(w→2w) conv(2w→2w) pool, conv(2w→4w) [conv(4w→4w)] pool, then
 * fc(→8w) relu fc(→classes); every conv 3×3, padding 1, no bias, followed by BatchNorm and ReLU.
 */
public final class CompactCnn {
    private CompactCnn() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@code setNumClasses} required; width and the optional extra conv in the last stage. */
    public static final class Builder {
        private int numClasses = -1;
        private int width = 32;
        private boolean extraConv;

        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        public Builder optExtraConv(boolean extraConv) {
            this.extraConv = extraConv;
            return this;
        }

        public Block build() {
            if (numClasses < 2) {
                throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + numClasses);
            }
            if (width < 1) {
                throw new IllegalArgumentException("width must be positive, got " + width);
            }
            SequentialBlock net = new SequentialBlock();
            net.add(convBnRelu(width)).add(convBnRelu(width)).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            net.add(convBnRelu(2 * width)).add(convBnRelu(2 * width)).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            net.add(convBnRelu(4 * width));
            if (extraConv) {
                net.add(convBnRelu(4 * width));
            }
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            net.add(Blocks.batchFlattenBlock());
            net.add(Linear.builder().setUnits(8L * width).build());
            net.add(Activation.reluBlock());
            net.add(Linear.builder().setUnits(numClasses).build());
            return net;
        }

        private static Block convBnRelu(int filters) {
            return new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                            .optBias(false).setFilters(filters).build())
                    .add(InferenceNetwork.foldableBatchNorm())
                    .add(Activation.reluBlock());
        }
    }
}
