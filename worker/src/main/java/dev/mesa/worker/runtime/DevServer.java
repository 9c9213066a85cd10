package dev.mesa.worker.runtime;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.temporal.internal.testservice.TestServicesStarter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * An embedded Temporal service for development (the Java SDK's test server, in real time), bound to one address
 * (default {@code 127.0.0.1:7233}, so it is not exposed beyond the machine). It keeps its history in memory: a
 * restart forgets every execution, while finished work survives in the artifact store. mesa's search attributes
 * ({@code MesaSweepId}, ...) are registered in its namespace when it starts.
 */
public final class DevServer implements AutoCloseable {
    /** The dev server's one namespace. */
    public static final String NAMESPACE = "default";
    private final TestServicesStarter services;
    private final Server server;
    private final HostAndPort address;

    private DevServer(HostAndPort bind) {
        HostAndPort resolved = bind.port() == 0 ? new HostAndPort(bind.host(), freePort()) : bind;
        services = new TestServicesStarter(true, 0);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(resolved.host(), resolved.port()));
        HealthStatusManager health = new HealthStatusManager();
        builder.addService(health.getHealthService());
        for (BindableService service : services.getServices()) {
            builder.addService(service);
            health.setStatus(service.bindService().getServiceDescriptor().getName(),
                    HealthCheckResponse.ServingStatus.SERVING);
        }
        try {
            server = builder.build().start();
        } catch (IOException e) {
            services.close();
            throw new UncheckedIOException("cannot bind the dev server to " + resolved + ": " + e.getMessage()
                    + " (is another Temporal server running there? choose another --port)", e);
        }
        address = resolved;
        try {
            SearchAttributeRegistration.register(target(), NAMESPACE);
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("the dev server did not accept mesa's search attributes: " + e.getMessage(), e);
        }
    }

    /** Starts a dev server on {@code bind}; port 0 picks a free port. */
    public static DevServer start(HostAndPort bind) {
        return new DevServer(bind);
    }

    /** The address clients connect to, {@code host:port}. */
    public String target() {
        String host = address.host().equals("0.0.0.0") ? "127.0.0.1" : address.host();
        return host + ":" + address.port();
    }

    @Override
    public void close() {
        server.shutdownNow();
        services.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the dev server", e);
        }
    }
}
