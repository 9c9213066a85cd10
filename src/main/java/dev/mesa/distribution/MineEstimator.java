package dev.mesa.distribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * MINE (Belghazi et al. 2018), the mutual-information lower bound
 * {@code Î_T = E_joint[T] − log E_marginal[e^T]}, and the statistics network's training loss with MINE's
 * bias-corrected gradient: the denominator of the log term's gradient uses a moving average of
 * {@code E[e^T]} instead of the mini-batch mean.
 */
public final class MineEstimator implements AutoCloseable {
    private final double rate;
    private final NDArray movingAverage;

    /** @param manager long-lived manager for the moving average (starts at 1, as in the reference code) */
    public MineEstimator(NDManager manager, double rate) {
        this.rate = rate;
        this.movingAverage = manager.create(1f);
    }

    /** {@code mean(tJoint) − log mean exp(tMarginal)}, computed stably (max-shifted). */
    public static NDArray lowerBound(NDArray tJoint, NDArray tMarginal) {
        return tJoint.mean().sub(logMeanExp(tMarginal));
    }

    static NDArray logMeanExp(NDArray t) {
        NDArray shift = t.max().stopGradient();
        return t.sub(shift).exp().mean().log().add(shift);
    }

    /**
     * Updates the moving average with this batch's {@code mean(exp(tMarginal))} and returns the loss
     * {@code −(mean(tJoint) − mean(exp(tMarginal)) / movingAverage)}, whose gradient is the bias-corrected
     * MINE gradient (minimising it maximises the bound).
     */
    public NDArray biasCorrectedLoss(NDArray tJoint, NDArray tMarginal) {
        NDArray meanExp = tMarginal.exp().mean();
        movingAverage.muli((float) (1 - rate)).addi(meanExp.stopGradient().mul((float) rate));
        return tJoint.mean().sub(meanExp.div(movingAverage)).neg();
    }

    public NDArray movingAverage() {
        return movingAverage;
    }

    public void restoreMovingAverage(float value) {
        movingAverage.set(new float[] {value});
    }

    @Override
    public void close() {
        movingAverage.close();
    }
}
