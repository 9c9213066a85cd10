package dev.mesa.worker.runtime;

import com.uber.m3.tally.Scope;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

import javax.net.ssl.SSLException;

/** A client connection to a Temporal service: the service stubs (with metrics) and a workflow client for a namespace. */
public final class TemporalConnection implements AutoCloseable {
    private final WorkflowServiceStubs stubs;
    private final WorkflowClient client;

    private TemporalConnection(WorkflowServiceStubs stubs, String namespace) {
        this.stubs = stubs;
        this.client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
    }

    /** Connects to {@code settings.address()}; {@code metrics} may be null (a client command reports nothing). */
    public static TemporalConnection open(ConnectionSettings settings, Scope metrics) {
        WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder()
                .setTarget(settings.address());
        if (metrics != null) {
            options.setMetricsScope(metrics);
        }
        if (settings.tls()) {
            options.setSslContext(sslContext(settings));
        }
        if (settings.apiKey() != null) {
            options.addApiKey(settings::apiKey);
        }
        return new TemporalConnection(WorkflowServiceStubs.newServiceStubs(options.build()), settings.namespace());
    }

    public WorkflowClient client() {
        return client;
    }

    /** Where and how this connection reaches the service (for the operator API). */
    public WorkflowServiceStubsOptions serviceOptions() {
        return stubs.getOptions();
    }

    @Override
    public void close() {
        stubs.shutdown();
    }

    private static io.grpc.netty.shaded.io.netty.handler.ssl.SslContext sslContext(ConnectionSettings s) {
        try {
            SslContextBuilder builder = GrpcSslContexts.forClient();
            if (s.tlsCert() != null) {
                builder.keyManager(s.tlsCert().toFile(), s.tlsKey().toFile());
            }
            if (s.tlsCa() != null) {
                builder.trustManager(s.tlsCa().toFile());
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS from --tls-cert/--tls-key/--tls-ca: " + e.getMessage(), e);
        }
    }
}
