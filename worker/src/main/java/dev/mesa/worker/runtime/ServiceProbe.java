package dev.mesa.worker.runtime;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One call to a Temporal service, without the SDK's retries, so that a client command facing an address where no
 * service answers says so within {@link #DEADLINE} instead of retrying for a minute.
 */
public final class ServiceProbe {
    /** Long enough for a TLS handshake with a distant cluster, short enough for a person waiting at a prompt. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private ServiceProbe() {}

    /**
     * Returns if the service at {@code address} answers; throws {@link ServiceUnreachableException} if nothing does
     * (connection refused, unknown host, no answer within the deadline). Other refusals (credentials, permissions)
     * propagate as the service's {@link StatusRuntimeException}.
     */
    public static void requireReachable(WorkflowServiceStubs stubs, String address) {
        try {
            stubs.blockingStub().withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
                throw new ServiceUnreachableException(address, reason(e));
            }
            throw e;
        }
    }

    /**
     * The innermost cause's message ("Connection refused", "nosuchhost: Name or service not known"), without the
     * native transport's call name ({@code finishConnect(..) failed: }), else the status.
     */
    private static String reason(StatusRuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root != e ? root.getMessage() : null;
        return message != null && !message.isBlank() ? message.replaceFirst("^\\w+\\(\\.\\.\\) failed: ", "")
                : e.getStatus().getCode() + ": " + e.getStatus().getDescription();
    }
}
