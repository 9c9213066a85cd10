package dev.mesa.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.mesa.trigger.StampPlan;
import dev.mesa.trigger.StampingRule;
import dev.mesa.trigger.TriggerSource;
import dev.mesa.trigger.TriggerStamper;

import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * Stamps each image with probability {@code ratio} with a trigger from {@code source}. With a relabel
 * target this is the attacker's poisoning (stamped images relabelled to class c); without, it is MESA's
 * retraining (stamped images keep their true labels, so the network unlearns the trigger).
 */
public final class StampingTransform implements BatchTransform {
    private final TriggerSource source;
    private final TriggerStamper stamper;
    private final double ratio;
    private final OptionalInt relabelTo;
    private final StampingRule rule;

    public StampingTransform(TriggerSource source, TriggerStamper stamper, double ratio, OptionalInt relabelTo,
                             StampingRule rule) {
        if (!(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("stamping ratio must be in (0, 1], got " + ratio);
        }
        this.source = source;
        this.stamper = stamper;
        this.ratio = ratio;
        this.relabelTo = relabelTo;
        this.rule = rule;
    }

    @Override
    public NDArray apply(NDManager manager, NDArray images, int[] labels, SplittableRandom random, int epoch) {
        int batch = labels.length;
        int height = (int) images.getShape().get(2);
        int width = (int) images.getShape().get(3);
        StampPlan plan = StampPlan.draw(rule, batch, height, width, source.height(), source.width(), ratio, random);
        if (plan.stampedCount() == 0) {
            return images;
        }
        if (relabelTo.isPresent()) {
            for (int i = 0; i < batch; i++) {
                if (plan.stamped()[i]) {
                    labels[i] = relabelTo.getAsInt();
                }
            }
        }
        NDArray triggers = source.sample(manager, batch, random, epoch);
        return stamper.stamp(images, triggers, plan);
    }
}
