package dev.mesa.worker.doctor;

import dev.mesa.worker.runtime.ConnectionSettings;
import dev.mesa.worker.runtime.TemporalConnection;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc.WorkflowServiceBlockingStub;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Whether a Temporal service answers at an address, with the connection options a worker would use (TLS, API key):
 * its system information, then its description of the namespace, each within a deadline.
 *
 * @param explicit      whether the user named the address ({@code --address} or {@code MESA_TEMPORAL_ADDRESS})
 *                      rather than leaving the default
 * @param serverVersion the server's version as it reports it (empty for the embedded dev server); null when it did
 *                      not answer at all
 * @param failure       null when both calls succeeded, else the gRPC status (or the TLS set-up error)
 */
public record TemporalReachability(String address, String namespace, boolean explicit, String serverVersion,
                                   String failure) {
    public boolean reachable() {
        return failure == null;
    }

    public static TemporalReachability probe(ConnectionSettings settings, boolean explicit, Duration timeout) {
        String version = null;
        try (TemporalConnection temporal = TemporalConnection.open(settings, null)) {
            WorkflowServiceBlockingStub stub = temporal.client().getWorkflowServiceStubs().blockingStub();
            version = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .getSystemInfo(GetSystemInfoRequest.getDefaultInstance()).getServerVersion();
            stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(settings.namespace()).build());
            return new TemporalReachability(settings.address(), settings.namespace(), explicit, version, null);
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            String status = code + (e.getStatus().getDescription() != null ? ": " + e.getStatus().getDescription() : "");
            String failure = version != null ? "the namespace check failed: " + status
                    : code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                    ? "no Temporal service answers (" + status + ")" : "the service refused: " + status;
            return new TemporalReachability(settings.address(), settings.namespace(), explicit, version, failure);
        } catch (IllegalArgumentException e) {
            return new TemporalReachability(settings.address(), settings.namespace(), explicit, null, e.getMessage());
        }
    }
}
