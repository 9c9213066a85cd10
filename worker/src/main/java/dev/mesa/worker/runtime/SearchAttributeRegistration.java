package dev.mesa.worker.runtime;

import dev.mesa.workflows.MesaSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * mesa's custom search attributes ({@link MesaSearchAttributes}) in a namespace: the embedded dev server registers
 * them when it starts; a worker on a cluster checks they are there before it runs workflows that set them (an
 * execution setting an unregistered attribute would stall on its first workflow task).
 */
public final class SearchAttributeRegistration {
    private static final Logger LOG = LoggerFactory.getLogger(SearchAttributeRegistration.class);

    private SearchAttributeRegistration() {}

    /** Name → type of every attribute the workflows set. */
    static Map<String, IndexedValueType> wanted() {
        Map<String, IndexedValueType> all = new LinkedHashMap<>();
        MesaSearchAttributes.ALL.forEach(key -> all.put(key.getName(), key.getValueType()));
        return all;
    }

    /** The Temporal CLI lines that register them on a cluster. */
    public static String createCommands(String namespace) {
        return wanted().keySet().stream().map(name -> "temporal operator search-attribute create --namespace "
                + namespace + " --name " + name + " --type Keyword").collect(Collectors.joining("\n"));
    }

    /** Registers every attribute in {@code namespace} (the dev server: its operator service accepts it at once). */
    static void register(String target, String namespace) {
        OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
                .setTarget(target).validateAndBuildWithDefaults());
        try {
            operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder().setNamespace(namespace)
                    .putAllSearchAttributes(wanted()).build());
        } finally {
            operator.shutdown();
        }
    }

    /**
     * Fails with the commands to run when an attribute is missing from {@code namespace}; logs a warning (and goes
     * on) when the service does not let this worker list them (Temporal Cloud without the operator API, say).
     */
    public static void requireRegistered(TemporalConnection connection, String namespace) {
        OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions
                .newBuilder(connection.serviceOptions()).validateAndBuildWithDefaults());
        try {
            Map<String, IndexedValueType> present = operator.blockingStub().listSearchAttributes(
                    ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build()).getCustomAttributesMap();
            List<String> missing = wanted().keySet().stream().filter(name -> !present.containsKey(name)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("namespace " + namespace + " lacks mesa's search attributes "
                        + missing + ": register them once (an administrator's task), then start the worker again:\n"
                        + createCommands(namespace));
            }
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                throw e;
            }
            LOG.warn("cannot list the search attributes of namespace {} ({}); make sure {} are registered, or every"
                    + " workflow will stall on its first task", namespace, e.getStatus(), wanted().keySet());
        } finally {
            operator.shutdown();
        }
    }
}
