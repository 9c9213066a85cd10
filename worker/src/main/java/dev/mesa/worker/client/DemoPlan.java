package dev.mesa.worker.client;

import dev.mesa.workflows.SweepInput;
import dev.mesa.workflows.activity.AttackSettings;
import dev.mesa.workflows.activity.ClassifierSettings;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.RetrainSettings;
import dev.mesa.workflows.activity.TriggerSpec;

import java.util.List;

/**
 * The demo's experiment: a one-trigger sweep (train a clean compact CNN, implant bw-170 → class 0, defend it with
 * the original trigger known, one round of the single-reversed-trigger baseline, and retraining with the original
 * trigger as the ideal reference), with budgets cut so it
 * finishes in minutes on two CPU cores. These budgets are not the paper's (docs/PROTOCOL.md): fewer, smaller images, a small
 * CNN, a 20% poison (a 1% poison does not implant the trigger in so few steps), and short MESA and retraining
 * schedules.
 */
public final class DemoPlan {
    /** What the demo prints next to its table. */
    public static final String BUDGET_NOTE = "demo budgets, not the paper's: compact CNN, 20% poison, short MESA and"
            + " retraining schedules (see docs/ORCHESTRATION.md)";

    private DemoPlan() {}

    /** On the synthetic dataset (10 classes of 16×16 images). */
    public static SweepInput synthetic() {
        DatasetSpec data = new DatasetSpec(DatasetSpec.SYNTHETIC, null, 10, 100, 100, 16, 0L);
        return sweep("demo-synthetic", data, new ClassifierSettings(ClassifierSettings.COMPACT, 3, 64, 0.05, 5e-4, 0.5),
                new AttackSettings(0.2, 10, 0.01, 0.9, 64, 0),
                new MesaSettings(null, 0.1, 0.9, 20, 20, 64, 0.1, 64, 256, 1e-3, 0.001, 0.5, 2.0),
                new RetrainSettings(8, 0.2, 1e-2, 0.9, 64));
    }

    /** On a CIFAR-10 copy (an image folder or a .tar.gz of one). */
    public static SweepInput cifar10(String path) {
        DatasetSpec data = new DatasetSpec(DatasetSpec.IMAGE_FOLDER, path, null, null, null, 32, 0L);
        return sweep("demo-cifar10", data, new ClassifierSettings(ClassifierSettings.COMPACT, 4, 128, 0.05, 5e-4, 0.5),
                new AttackSettings(0.2, 2, 0.01, 0.9, 128, 0),
                new MesaSettings(null, 0.1, 0.9, 2, 1, 128, 0.1, 64, 256, 1e-3, 0.001, 0.5, 2.0),
                new RetrainSettings(2, 0.1, 1e-2, 0.9, 128));
    }

    private static SweepInput sweep(String id, DatasetSpec data, ClassifierSettings classifier, AttackSettings attack,
                                    MesaSettings mesa, RetrainSettings retrain) {
        // numClasses left out: the workflow takes it from the data (10 for the synthetic set and CIFAR-10)
        return new SweepInput(id, null, List.of(TriggerSpec.blackWhite(170)), data, null, classifier, null, attack,
                mesa, retrain, 1, 1, 1, null, 1L, null, null);
    }
}
