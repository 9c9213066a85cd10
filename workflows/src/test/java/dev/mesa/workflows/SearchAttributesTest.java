package dev.mesa.workflows;

import dev.mesa.workflows.activity.EvaluateRequest;
import dev.mesa.workflows.activity.FailureTypes;
import dev.mesa.workflows.activity.InjectBackdoorRequest;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every workflow of a sweep carries the sweep id, its trigger, dataset, model and outcome as search attributes, so
 * {@code MesaSweepId="x" AND MesaOutcome="failed"} finds a sweep's failed triggers; evaluations name their run.
 */
class SearchAttributesTest {
    private final WorkflowTestBed bed = new WorkflowTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    private final java.util.List<EvaluateRequest> evaluations = new java.util.concurrent.CopyOnWriteArrayList<>();

    SearchAttributesTest() {
        bed.defenseActivities.hook = (activity, request) -> {
            if (request instanceof EvaluateRequest e) {
                evaluations.add(e);
            }
        };
    }

    private SearchAttributes of(String workflowId) {
        return bed.client().newUntypedWorkflowStub(workflowId).describe().getTypedSearchAttributes();
    }

    @Test
    void aSweepsWorkflowsCarryTheSweepTriggerDatasetModelAndOutcome() {
        bed.model.hook = (activity, request) -> {
            if (activity.equals("InjectBackdoor") && ((InjectBackdoorRequest) request).trigger().id() == 7) {
                throw ApplicationFailure.newNonRetryableFailure("loss became NaN at step 12", FailureTypes.NON_FINITE_LOSS);
            }
        };
        SweepResult result = bed.sweep("sa").run(Inputs.sweep("sa", Inputs.bw(170, 7), null, 2));

        SearchAttributes sweep = of(WorkflowIds.sweep("sa"));
        assertEquals("sa", sweep.get(MesaSearchAttributes.SWEEP_ID));
        assertEquals(RunStatus.COMPLETED, sweep.get(MesaSearchAttributes.OUTCOME));
        assertEquals("synthetic", sweep.get(MesaSearchAttributes.DATASET));
        assertEquals(result.cleanModelKey(), sweep.get(MesaSearchAttributes.MODEL));
        assertFalse(sweep.containsKey(MesaSearchAttributes.TRIGGER));

        SearchAttributes done = of("sa/trigger-bw-170");
        assertEquals("sa", done.get(MesaSearchAttributes.SWEEP_ID));
        assertEquals("bw-170", done.get(MesaSearchAttributes.TRIGGER));
        assertEquals(RunStatus.COMPLETED, done.get(MesaSearchAttributes.OUTCOME));
        assertEquals(result.triggers().get(0).attackedModelKey(), done.get(MesaSearchAttributes.MODEL));

        SearchAttributes failed = of("sa/trigger-bw-7");
        assertEquals("sa", failed.get(MesaSearchAttributes.SWEEP_ID));
        assertEquals("bw-7", failed.get(MesaSearchAttributes.TRIGGER));
        assertEquals(RunStatus.FAILED, failed.get(MesaSearchAttributes.OUTCOME), "a failed trigger is findable");

        SearchAttributes defense = of("sa/trigger-bw-170/defense");
        assertEquals("sa", defense.get(MesaSearchAttributes.SWEEP_ID));
        assertEquals("bw-170", defense.get(MesaSearchAttributes.TRIGGER));
        assertEquals(result.triggers().get(0).attackedModelKey(), defense.get(MesaSearchAttributes.MODEL));
    }

    @Test
    void aDefenseOnItsOwnHasNoSweepAndEvaluationsNameItsRun() {
        DefenseResult result = bed.defense("alone").run(Inputs.defense("alone"));

        SearchAttributes own = of(WorkflowIds.defense("alone"));
        assertFalse(own.containsKey(MesaSearchAttributes.SWEEP_ID));
        assertEquals(result.status(), own.get(MesaSearchAttributes.OUTCOME));
        assertFalse(evaluations.isEmpty());
        assertTrue(evaluations.stream().allMatch(r -> WorkflowIds.defense("alone").equals(r.run())), evaluations.toString());
    }

    @Test
    void evaluationsOfASweepNameTheSweepsWorkflowAsTheirRun() {
        bed.sweep("runs").run(Inputs.sweep("runs", Inputs.bw(170), null, 1));
        var runs = evaluations.stream().map(EvaluateRequest::run).distinct().toList();
        assertEquals(java.util.List.of(WorkflowIds.sweep("runs")), runs);
    }
}
