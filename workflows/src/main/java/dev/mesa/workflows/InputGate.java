package dev.mesa.workflows;

import dev.mesa.workflows.activity.DescribeInputsRequest;
import dev.mesa.workflows.activity.FailureTypes;
import dev.mesa.workflows.activity.InputDescription;
import dev.mesa.workflows.input.UnknownFieldCheck;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Turns a workflow's raw input into its resolved form (unknown fields refused, defaults filled, validated). An
 * invalid input fails the workflow at once with a non-retryable {@link FailureTypes#INVALID_INPUT} failure carrying
 * the validation message (an {@link IllegalArgumentException} would only fail the workflow task and be retried
 * forever). A null inside a list ({@code List.copyOf} refuses it) is reported the same way.
 *
 * <p>The checks added after the first release (unknown fields, the class count from the data) run only in
 * executions that recorded the {@link #INPUT_CHECKS} version marker, so histories started before them replay as
 * they ran.
 */
final class InputGate {
    /** Change id of the input checks: version 1 refuses unknown fields and takes the class count from the data. */
    static final String INPUT_CHECKS = "input-checks";

    private InputGate() {}

    /** Whether this execution runs the input checks (always, for executions started with this code). */
    static boolean checksInputs() {
        return Workflow.getVersion(INPUT_CHECKS, Workflow.DEFAULT_VERSION, 1) >= 1;
    }

    /**
     * Resolves a {@link DataDescribedInput}: unknown fields refused, defaults filled and validated, then the class
     * count from a worker's description of the dataset and model (the run's first activity, on the workflow's
     * queue), then validated again with that count. A model file ({@link DataDescribedInput#model}) is imported into
     * the artifact store by that same activity (a bad model fails it, not retried), and the resolved input names the
     * stored copy as its model key. Executions from before the input checks keep the count they assumed
     * ({@link ClassCounts#ASSUMED_BEFORE_INPUT_CHECKS}) and call no activity here.
     */
    static <T extends DataDescribedInput<T>> T resolveDescribed(String what, T raw) {
        return resolveDescribed(what, raw, facts -> { });
    }

    /** The same, handing the worker's description to {@code facts} (not called for executions before the checks). */
    static <T extends DataDescribedInput<T>> T resolveDescribed(String what, T raw,
                                                                java.util.function.Consumer<InputDescription> facts) {
        if (!checksInputs()) {
            return resolve(what, raw, r -> {
                T filled = r.withDefaults();
                return filled.withClassCount(filled.numClasses() != null ? filled.numClasses()
                        : ClassCounts.ASSUMED_BEFORE_INPUT_CHECKS).validate();
            });
        }
        refuseUnknownFields(what, raw);
        T settled = resolve(what, raw, r -> r.withDefaults().validate());
        InputDescription described = ActivityStubs.defense(settled.trainingTaskQueue())
                .describeInputs(new DescribeInputsRequest(settled.dataset(), settled.modelKey(), settled.model()));
        facts.accept(described);
        return resolve(what, settled, s -> s.withClassCount(described.agreedClassCount(s.numClasses())).validate()
                .withImportedModel(described.modelArtifact()));
    }

    /** Fails the workflow if {@code raw} (non-null) carries JSON fields that no input record declares. */
    static void refuseUnknownFields(String what, Object raw) {
        resolve(what, raw, r -> {
            UnknownFieldCheck.refuse(r);
            return r;
        });
    }

    /**
     * Runs a step of the gate; when it fails (invalid input, a refused dataset or model), the execution's
     * {@code MesaOutcome} is set to failed (or cancelled) before the failure propagates.
     */
    static <T> T recording(MesaSearchAttributes search, Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            search.endedBy(e);
            throw e;
        }
    }

    static <T> T resolve(String what, T raw, UnaryOperator<T> resolver) {
        if (raw == null) {
            throw ApplicationFailure.newNonRetryableFailure(what + " is required", FailureTypes.INVALID_INPUT);
        }
        try {
            return resolver.apply(raw);
        } catch (IllegalArgumentException e) {
            throw ApplicationFailure.newNonRetryableFailure("invalid " + what + ": " + e.getMessage(),
                    FailureTypes.INVALID_INPUT);
        } catch (NullPointerException e) {
            throw ApplicationFailure.newNonRetryableFailure("invalid " + what + ": a list contains null (" + e.getMessage()
                    + ")", FailureTypes.INVALID_INPUT);
        }
    }
}
