package dev.mesa.workflows;

import dev.mesa.workflows.activity.AttackSettings;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.TriggerSpec;

import java.util.List;

/** Small inputs for tests: synthetic data, paper defaults otherwise. */
final class Inputs {
    private Inputs() {}

    static DefenseInput defense(String id) {
        return new DefenseInput(id, "models/suspect", DatasetSpec.synthetic(), null, null, null, null, null,
                TriggerSpec.blackWhite(170), 0, null, 7L, null, null);
    }

    static DefenseInput defenseWithoutTrigger(String id) {
        return new DefenseInput(id, "models/suspect", DatasetSpec.synthetic(), null, null, null, null, null, null, null,
                null, 7L, null, null);
    }

    static DefenseInput withMesa(DefenseInput in, MesaSettings mesa) {
        return new DefenseInput(in.defenseId(), in.modelKey(), in.dataset(), in.numClasses(), in.candidateClasses(),
                in.triggerSize(), mesa, in.retrain(), in.originalTrigger(), in.originalTargetClass(), in.ensembleMixing(),
                in.seed(), in.maxParallelActivities(), in.trainingTaskQueue());
    }

    static DefenseInput withParallelism(DefenseInput in, int maxParallel, String trainingQueue) {
        return new DefenseInput(in.defenseId(), in.modelKey(), in.dataset(), in.numClasses(), in.candidateClasses(),
                in.triggerSize(), in.mesa(), in.retrain(), in.originalTrigger(), in.originalTargetClass(),
                in.ensembleMixing(), in.seed(), maxParallel, trainingQueue);
    }

    static SweepInput sweep(String id, List<TriggerSpec> triggers, Integer maxTriggersPerRun, int maxParallelTriggers) {
        return new SweepInput(id, null, triggers, DatasetSpec.synthetic(), null, null, null,
                AttackSettings.defaults(), null, null, 2, maxParallelTriggers, 4, null, 11L, maxTriggersPerRun, null);
    }

    static List<TriggerSpec> bw(int... ids) {
        return java.util.Arrays.stream(ids).mapToObj(TriggerSpec::blackWhite).toList();
    }
}
