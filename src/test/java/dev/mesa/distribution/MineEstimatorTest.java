package dev.mesa.distribution;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.mesa.model.ParameterInitializer;
import dev.mesa.random.Seeds;
import dev.mesa.training.Adam;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MineEstimatorTest {
    @Test
    void lowerBoundIsMeanJointMinusLogMeanExpMarginal() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray joint = m.create(new float[] {1, 2, 3});
            NDArray marginal = m.create(new float[] {0, (float) Math.log(2)});
            assertEquals(2 - Math.log(1.5), MineEstimator.lowerBound(joint, marginal).getFloat(), 1e-6);
            // stable for large statistics (a naive exp would overflow)
            NDArray big = m.create(new float[] {1000, 1000 + (float) Math.log(3)});
            assertEquals(2 - (1000 + Math.log(2)), MineEstimator.lowerBound(joint, big).getFloat(), 1e-3);
        }
    }

    @Test
    void biasCorrectedLossUsesTheMovingAverageInItsGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            MineEstimator mine = new MineEstimator(m, 0.25);
            assertEquals(1f, mine.movingAverage().getFloat(), "starts at 1 like the reference code");
            NDArray joint = m.create(new float[] {0.5f, 1.5f});
            NDArray marginal = m.create(new float[] {0f, 1f});
            joint.setRequiresGradient(true);
            marginal.setRequiresGradient(true);
            double meanExp = (1 + Math.E) / 2;
            double average = 0.75 * 1 + 0.25 * meanExp;
            NDArray loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                loss = mine.biasCorrectedLoss(joint, marginal);
                gc.backward(loss);
            }
            assertEquals(average, mine.movingAverage().getFloat(), 1e-6);
            assertEquals(-(1.0 - meanExp / average), loss.getFloat(), 1e-6);
            float[] gJoint = joint.getGradient().toFloatArray();
            float[] gMarginal = marginal.getGradient().toFloatArray();
            assertEquals(-0.5, gJoint[0], 1e-6);
            assertEquals(-0.5, gJoint[1], 1e-6);
            // d/dt_i of mean(e^t) / average, the average treated as a constant
            assertEquals(1 / (2 * average), gMarginal[0], 1e-6);
            assertEquals(Math.E / (2 * average), gMarginal[1], 1e-6);

            mine.restoreMovingAverage(0.125f);
            assertEquals(0.125f, mine.movingAverage().getFloat());
        }
    }

    /**
     * MINE on correlated Gaussians: x ~ N(0, 1), y = ρx + sqrt(1−ρ²)·n. The true mutual information is
     * −½·ln(1−ρ²); the bound learned by a statistics network T(y, x) with the bias-corrected gradient must
     * approach it on a fresh batch.
     */
    static double trainedBound(double rho, long seed) {
        int batch = 256;
        int steps = 1500;
        try (NDManager m = NDManager.newBaseManager()) {
            StatisticsNetwork t = StatisticsNetwork.builder().optHidden(64).optFinalActivation(false).build();
            t.initialize(m, DataType.FLOAT32, new Shape(2, 1), new Shape(2, 1));
            ParameterInitializer.pytorchDefaults(t, seed);
            ParameterStore store = new ParameterStore(m, false);
            Adam adam = new Adam(t, 0.9, 0.999, 1e-8);
            MineEstimator mine = new MineEstimator(m, 0.01);
            for (int step = 0; step < steps; step++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray[] sample = sample(s, Seeds.stream(seed, "mine-train", step), batch, rho);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray joint = t.forward(store, new NDList(sample[1], sample[0]), true).singletonOrThrow();
                        NDArray marginal = t.forward(store, new NDList(sample[2], sample[0]), true).singletonOrThrow();
                        gc.backward(mine.biasCorrectedLoss(joint, marginal));
                    }
                    adam.step(1e-3);
                }
            }
            try (NDManager s = m.newSubManager()) {
                NDArray[] sample = sample(s, Seeds.stream(seed, "mine-test"), 20_000, rho);
                NDArray joint = t.forward(store, new NDList(sample[1], sample[0]), false).singletonOrThrow();
                NDArray marginal = t.forward(store, new NDList(sample[2], sample[0]), false).singletonOrThrow();
                return MineEstimator.lowerBound(joint, marginal).getFloat();
            }
        }
    }

    /** x, y (correlated with x) and an independent y' with y's marginal N(0, 1), each (B, 1). */
    private static NDArray[] sample(NDManager m, SplittableRandom r, int n, double rho) {
        float[] x = new float[n];
        float[] y = new float[n];
        float[] yIndependent = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Seeds.gaussian(r);
            y[i] = (float) (rho * x[i] + Math.sqrt(1 - rho * rho) * Seeds.gaussian(r));
            yIndependent[i] = (float) Seeds.gaussian(r);
        }
        Shape shape = new Shape(n, 1);
        return new NDArray[] {m.create(x, shape), m.create(y, shape), m.create(yIndependent, shape)};
    }

    @Test
    void estimatesTheMutualInformationOfCorrelatedGaussians() {
        double truth = -0.5 * Math.log(1 - 0.8 * 0.8);
        assertEquals(0.511, truth, 1e-3);
        double estimate = trainedBound(0.8, 3);
        System.out.println("MINE rho=0.8: " + estimate + " (true " + truth + ")");
        assertTrue(estimate > 0.3, "estimate " + estimate);
        assertEquals(truth, estimate, 0.12);
    }

    @Test
    void findsNothingInIndependentGaussians() {
        double estimate = trainedBound(0.0, 4);
        System.out.println("MINE rho=0: " + estimate);
        assertEquals(0.0, estimate, 0.05);
    }
}
