package dev.mesa.worker;

import dev.mesa.activities.DefenseActivitiesImpl;
import dev.mesa.activities.ModelActivitiesImpl;
import dev.mesa.activities.WorkerShutdown;
import dev.mesa.worker.runtime.MesaWorkerResources;
import dev.mesa.worker.runtime.WorkerSettings;
import dev.mesa.workflows.DefenseInput;
import dev.mesa.workflows.DefenseResult;
import dev.mesa.workflows.DefenseWorkflow;
import dev.mesa.workflows.DefenseWorkflowImpl;
import dev.mesa.workflows.MesaSearchAttributes;
import dev.mesa.workflows.SweepWorkflowImpl;
import dev.mesa.workflows.TaskQueues;
import dev.mesa.workflows.TriggerExperimentWorkflowImpl;
import dev.mesa.workflows.WorkflowIds;
import dev.mesa.workflows.activity.DefenseActivities;
import dev.mesa.workflows.activity.FailureTypes;
import dev.mesa.workflows.activity.TriggerSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real activities behind the real retry policies (in Temporal's time-skipping test service): a transient
 * failure of an activity is retried and the defence completes; an invalid input fails the workflow at the first
 * attempt with the activity's message, without retries.
 */
class RetryAndInvalidInputIT {
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private static TestWorkflowEnvironment env;
    private static Path model;

    @BeforeAll
    static void start() throws Exception {
        Path work = Files.createTempDirectory("mesa-retry-it");
        model = TinyModel.write(work.resolve("clean.mesa-model"));
        var resources = MesaWorkerResources.of(new WorkerSettings(TaskQueues.DEFAULT, "cpu", 1,
                work.resolve("store"), work.resolve("cache"), null, null, 50), new SimpleMeterRegistry(), new WorkerShutdown());
        env = TestWorkflowEnvironment.newInstance();
        MesaSearchAttributes.ALL.forEach(key -> env.registerSearchAttribute(key.getName(), key.getValueType()));
        Worker worker = env.newWorker(TaskQueues.DEFAULT);
        worker.registerWorkflowImplementationTypes(DefenseWorkflowImpl.class, SweepWorkflowImpl.class,
                TriggerExperimentWorkflowImpl.class);
        worker.registerActivitiesImplementations(new ModelActivitiesImpl(resources),
                failingOnce(new DefenseActivitiesImpl(resources), "evaluate"));
        env.start();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void aTransientFailureIsRetriedAndTheDefenseCompletes() {
        DefenseResult result = defense("transient").run(input("transient", model.toString()));

        assertTrue(result.status().equals("completed") || result.status().equals("no-attack"), result.status());
        assertTrue(CALLS.get("evaluate").get() > result.evaluations().size(), "the failed evaluation ran again: "
                + CALLS.get("evaluate").get() + " calls for " + result.evaluations().size() + " evaluations");
    }

    @Test
    void anInvalidInputFailsTheWorkflowAtOnceWithItsMessage() {
        int before = CALLS.computeIfAbsent("describeInputs", k -> new AtomicInteger()).get();
        int trainedBefore = CALLS.computeIfAbsent("trainGenerator", k -> new AtomicInteger()).get();
        WorkflowFailedException e = assertThrows(WorkflowFailedException.class,
                () -> defense("invalid").run(input("invalid", "../../etc/passwd")));

        ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class,
                assertInstanceOf(ActivityFailure.class, e.getCause()).getCause());
        assertEquals(FailureTypes.INVALID_INPUT, cause.getType());
        assertTrue(cause.getOriginalMessage().contains("modelKey '../../etc/passwd' is not a valid artifact key"),
                cause.getOriginalMessage());
        assertEquals(1, CALLS.get("describeInputs").get() - before, "one attempt, no retries");
        assertEquals(0, CALLS.get("trainGenerator").get() - trainedBefore, "refused before any training");
    }

    private static DefenseWorkflow defense(String id) {
        return env.getWorkflowClient().newWorkflowStub(DefenseWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.defense(id)).setTaskQueue(TaskQueues.DEFAULT).build());
    }

    private static DefenseInput input(String id, String modelKey) {
        return new DefenseInput(id, modelKey, TinyModel.DATA, 4, null, 3, TinyModel.MESA, TinyModel.RETRAIN,
                TriggerSpec.blackWhite(170), 0, null, 1L, 1, TaskQueues.DEFAULT);
    }

    /** The activities, with the first call of {@code method} failing as a transient error would (e.g. an I/O hiccup). */
    private static DefenseActivities failingOnce(DefenseActivities real, String method) {
        AtomicInteger failures = new AtomicInteger();
        return (DefenseActivities) Proxy.newProxyInstance(DefenseActivities.class.getClassLoader(),
                new Class<?>[] {DefenseActivities.class}, (proxy, m, args) -> {
                    CALLS.computeIfAbsent(m.getName(), k -> new AtomicInteger()).incrementAndGet();
                    if (m.getName().equals(method) && failures.getAndIncrement() == 0) {
                        throw new IllegalStateException("transient: the artifact store was briefly unavailable");
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (InvocationTargetException t) {
                        throw t.getCause();
                    }
                });
    }
}
