package dev.mesa.workflows;

import io.temporal.failure.CanceledFailure;

/** Reads failures that activities and child workflows wrap in layers (ActivityFailure → ApplicationFailure ...). */
final class FailureChains {
    private FailureChains() {}

    /** Whether the failure means "cancelled", however deeply it is wrapped. */
    static boolean isCancellation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CanceledFailure) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message: what the activity that failed said. */
    static String rootMessage(Throwable failure) {
        String message = failure.getMessage();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message;
    }

    /** Thrown at a step boundary once the workflow has been asked to stop; the run method turns it into a partial result. */
    static CanceledFailure stoppedAt(String stage) {
        return new CanceledFailure("cancelled before " + stage);
    }
}
