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
 * The CIFAR ResNet-18 of the paper: 3×3 stem conv (64, stride 1, no bias) + BN + ReLU, no max-pool, four
 * stages of two BasicBlocks (widths 64/128/256/512, stride 2 and a 1×1 conv + BN shortcut where the shape
 * changes), global average pool, fc. 11,173,962 parameters for 10 classes. DJL's ResNetV1 is a different
 * network (bottlenecks, no stem BN), hence this builder.
 */
public final class ResNet18Cifar {
    private ResNet18Cifar() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@code setNumClasses} required; {@code optBaseWidth} scales every stage (default 64). */
    public static final class Builder {
        private int numClasses = -1;
        private int baseWidth = 64;

        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        public Builder optBaseWidth(int baseWidth) {
            this.baseWidth = baseWidth;
            return this;
        }

        public Block build() {
            if (numClasses < 2) {
                throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + numClasses);
            }
            if (baseWidth < 1) {
                throw new IllegalArgumentException("base width must be positive, got " + baseWidth);
            }
            SequentialBlock net = new SequentialBlock()
                    .add(conv(baseWidth, 3, 1)).add(InferenceNetwork.foldableBatchNorm()).add(Activation.reluBlock());
            int in = baseWidth;
            int[] widths = {baseWidth, 2 * baseWidth, 4 * baseWidth, 8 * baseWidth};
            for (int stage = 0; stage < widths.length; stage++) {
                int stride = stage == 0 ? 1 : 2;
                net.add(basicBlock(in, widths[stage], stride));
                net.add(basicBlock(widths[stage], widths[stage], 1));
                in = widths[stage];
            }
            return net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(numClasses).build());
        }

        private static Block basicBlock(int in, int out, int stride) {
            Block main = new SequentialBlock()
                    .add(conv(out, 3, stride)).add(InferenceNetwork.foldableBatchNorm()).add(Activation.reluBlock())
                    .add(conv(out, 3, 1)).add(InferenceNetwork.foldableBatchNorm());
            Block shortcut = stride != 1 || in != out
                    ? new SequentialBlock().add(conv(out, 1, stride)).add(InferenceNetwork.foldableBatchNorm())
                    : Blocks.identityBlock();
            return new SequentialBlock().add(new ResidualSum(main, shortcut)).add(Activation.reluBlock());
        }

        private static Block conv(int filters, int kernel, int stride) {
            return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                    .optPadding(new Shape(kernel / 2, kernel / 2)).optBias(false).setFilters(filters).build();
        }
    }
}
