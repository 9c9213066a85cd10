package dev.mesa.workflows;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;

import java.util.ArrayList;
import java.util.List;

/**
 * The custom search attributes every mesa workflow sets, so that a sweep's executions can be listed and filtered:
 * {@code temporal workflow list --query 'MesaSweepId="paper" AND MesaOutcome="failed"'} lists the failed triggers
 * of sweep {@code paper}. All are Keyword attributes and must be registered in the namespace (the embedded dev
 * server does it; on a cluster {@code temporal operator search-attribute create}, docs/ORCHESTRATION.md).
 *
 * <p>A workflow sets them when it starts ({@code MesaOutcome = running}) and sets {@code MesaOutcome} again when it
 * ends ({@code completed}, {@code no-attack}, {@code failed}, {@code cancelled}). The updates are commands, so
 * they sit behind {@link Workflow#getVersion}: executions recorded before them replay without them.
 */
public final class MesaSearchAttributes {
    /** The sweep id (sweeps, their trigger experiments and those experiments' defences). */
    public static final SearchAttributeKey<String> SWEEP_ID = SearchAttributeKey.forKeyword("MesaSweepId");
    /** The trigger label, e.g. {@code bw-170} (trigger experiments and defences that know the original trigger). */
    public static final SearchAttributeKey<String> TRIGGER = SearchAttributeKey.forKeyword("MesaTrigger");
    /** The dataset kind: {@code cifar10}, {@code cifar100}, {@code image-folder}, {@code synthetic}. */
    public static final SearchAttributeKey<String> DATASET = SearchAttributeKey.forKeyword("MesaDataset");
    /** The model the workflow works on: the clean model (sweep), the attacked one (experiment, defence). */
    public static final SearchAttributeKey<String> MODEL = SearchAttributeKey.forKeyword("MesaModel");
    /** {@code running}, then the final status of {@link RunStatus}: completed, no-attack, failed, cancelled. */
    public static final SearchAttributeKey<String> OUTCOME = SearchAttributeKey.forKeyword("MesaOutcome");
    public static final List<SearchAttributeKey<String>> ALL = List.of(SWEEP_ID, TRIGGER, DATASET, MODEL, OUTCOME);

    /** The {@link Workflow#getVersion} change id of the search attribute updates. */
    static final String CHANGE_ID = "mesa-search-attributes";

    private final boolean enabled;

    private MesaSearchAttributes(boolean enabled) {
        this.enabled = enabled;
    }

    /** Decides once, at the start of an execution, whether this execution sets search attributes (new ones do). */
    static MesaSearchAttributes forThisExecution() {
        return new MesaSearchAttributes(Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) >= 1);
    }

    /** At the start: who the execution is; null values are left unset. */
    void started(String trigger, String dataset, String model) {
        List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
        RunIdentity.sweepId().ifPresent(id -> updates.add(SWEEP_ID.valueSet(id)));
        if (trigger != null) {
            updates.add(TRIGGER.valueSet(trigger));
        }
        if (dataset != null) {
            updates.add(DATASET.valueSet(dataset));
        }
        if (model != null) {
            updates.add(MODEL.valueSet(model));
        }
        updates.add(OUTCOME.valueSet(RunStatus.RUNNING));
        upsert(updates);
    }

    /** The model became known or changed (the clean model of a sweep, the attacked one of an experiment). */
    void model(String model) {
        if (model != null) {
            upsert(List.of(MODEL.valueSet(model)));
        }
    }

    /** At the end: the final status. */
    void ended(String outcome) {
        upsert(List.of(OUTCOME.valueSet(outcome)));
    }

    /** Ended by an exception: {@code cancelled} or {@code failed}. */
    void endedBy(Throwable failure) {
        ended(FailureChains.isCancellation(failure) ? RunStatus.CANCELLED : RunStatus.FAILED);
    }

    private void upsert(List<SearchAttributeUpdate<?>> updates) {
        if (enabled) {
            Workflow.upsertTypedSearchAttributes(updates.toArray(new SearchAttributeUpdate<?>[0]));
        }
    }
}
