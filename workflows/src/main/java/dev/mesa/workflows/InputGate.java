package dev.mesa.workflows;

import dev.mesa.workflows.activity.FailureTypes;
import io.temporal.failure.ApplicationFailure;

import java.util.function.UnaryOperator;

/**
 * Turns a workflow's raw input into its resolved form (defaults filled, validated). An invalid input fails the
 * workflow at once with a non-retryable {@link FailureTypes#INVALID_INPUT} failure carrying the validation
 * message (an {@link IllegalArgumentException} would only fail the workflow task and be retried forever). A null
 * inside a list ({@code List.copyOf} refuses it) is reported the same way.
 */
final class InputGate {
    private InputGate() {}

    /** As {@link #resolve(String, Object, UnaryOperator)}; an invalid input also sets {@code MesaOutcome = failed}. */
    static <T> T resolve(String what, T raw, UnaryOperator<T> resolver, MesaSearchAttributes search) {
        try {
            return resolve(what, raw, resolver);
        } catch (ApplicationFailure e) {
            search.ended(RunStatus.FAILED);
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
