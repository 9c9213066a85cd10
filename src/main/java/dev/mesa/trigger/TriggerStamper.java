package dev.mesa.trigger;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.mesa.data.Normalization;

import java.util.Arrays;

/**
 * {@code Apply(m, x)}: overwrites an {@code h × w} patch of each image with a trigger, vectorised on
 * NDArrays and differentiable with respect to the trigger. Images are normalised; triggers are pixel
 * intensities in [0, 1] and are normalised here with the dataset's statistics.
 *
 * <p>One gather does the paste for the whole batch: a host-built index maps every pixel of every image to
 * the trigger value that covers it, or to a sentinel zero; a mask selects the covered pixels.
 */
public final class TriggerStamper {
    private final Normalization normalization;

    public TriggerStamper(Normalization normalization) {
        this.normalization = normalization;
    }

    /**
     * Pastes {@code triggers} ({@code (1 or B, C, h, w)}, values in [0, 1]) into {@code images}
     * ({@code (B, C, H, W)}, normalised) according to {@code plan}. Returns a new array on the images' manager.
     */
    public NDArray stamp(NDArray images, NDArray triggers, StampPlan plan) {
        Shape is = images.getShape();
        Shape ts = triggers.getShape();
        int batch = (int) is.get(0);
        int channels = (int) is.get(1);
        int height = (int) is.get(2);
        int width = (int) is.get(3);
        int h = (int) ts.get(2);
        int w = (int) ts.get(3);
        if (ts.get(1) != channels || (ts.get(0) != 1 && ts.get(0) != batch)) {
            throw new IllegalArgumentException("triggers " + ts + " do not match images " + is);
        }
        if (plan.batchSize() != batch || plan.triggerHeight() != h || plan.triggerWidth() != w
                || plan.imageHeight() != height || plan.imageWidth() != width) {
            throw new IllegalArgumentException("stamp plan does not match images " + is + " and triggers " + ts);
        }
        if (plan.stampedCount() == 0) {
            return images.duplicate();
        }
        NDManager manager = images.getManager();
        int patch = h * w;
        int pixels = height * width;
        long[] index = new long[batch * pixels];
        float[] mask = new float[batch * pixels];
        Arrays.fill(index, patch);
        for (int b = 0; b < batch; b++) {
            if (!plan.stamped()[b]) {
                continue;
            }
            int base = b * pixels;
            for (int i = 0; i < h; i++) {
                int rowBase = base + (plan.rows()[b] + i) * width + plan.columns()[b];
                for (int j = 0; j < w; j++) {
                    index[rowBase + j] = (long) i * w + j;
                    mask[rowBase + j] = 1f;
                }
            }
        }
        NDArray normalised = normalise(triggers, manager).reshape(ts.get(0), channels, patch);
        NDArray sentinel = manager.zeros(new Shape(ts.get(0), channels, 1));
        NDArray extended = NDArrays.concat(new ai.djl.ndarray.NDList(normalised, sentinel), 2)
                .broadcast(batch, channels, patch + 1);
        NDArray gatherIndex = manager.create(index, new Shape(batch, 1, pixels)).broadcast(batch, channels, pixels);
        NDArray pasted = extended.gather(gatherIndex, 2).reshape(batch, channels, height, width);
        NDArray keep = manager.create(mask, new Shape(batch, 1, height, width)).neg().add(1f);
        return images.mul(keep).add(pasted);
    }

    /**
     * {@code (x - mean) / std} per channel, for trigger intensities. The first operand lives on
     * {@code manager}, so the result (and every intermediate) does too, whatever manager owns the triggers.
     */
    public NDArray normalise(NDArray triggers, NDManager manager) {
        int channels = normalization.channels();
        float[] negMean = new float[channels];
        float[] invStd = new float[channels];
        for (int c = 0; c < channels; c++) {
            negMean[c] = -normalization.mean()[c];
            invStd[c] = 1f / normalization.std()[c];
        }
        NDArray shift = manager.create(negMean, new Shape(1, channels, 1, 1));
        NDArray scale = manager.create(invStd, new Shape(1, channels, 1, 1));
        return shift.add(triggers.toType(DataType.FLOAT32, false)).mul(scale);
    }
}
