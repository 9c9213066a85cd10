package dev.mesa.workflows;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

/**
 * An in-memory Temporal service with workers on {@link TaskQueues#DEFAULT} and {@link TaskQueues#GPU}, all three
 * workflow types registered and the fake activities on both queues.
 */
final class WorkflowTestBed implements AutoCloseable {
    final FakeModelActivities model = new FakeModelActivities();
    final FakeDefenseActivities defenseActivities = new FakeDefenseActivities();
    final TestWorkflowEnvironment env;

    WorkflowTestBed() {
        this(true);
    }

    /** {@code timeSkipping = false} for tests that block an activity in real time (cancellation). */
    WorkflowTestBed(boolean timeSkipping) {
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setUseTimeskipping(timeSkipping).build());
        MesaSearchAttributes.ALL.forEach(key -> env.registerSearchAttribute(key.getName(), key.getValueType()));
        for (String queue : new String[] {TaskQueues.DEFAULT, TaskQueues.GPU}) {
            Worker worker = env.newWorker(queue);
            worker.registerWorkflowImplementationTypes(DefenseWorkflowImpl.class, SweepWorkflowImpl.class,
                    TriggerExperimentWorkflowImpl.class);
            worker.registerActivitiesImplementations(model, defenseActivities);
        }
        env.start();
    }

    WorkflowClient client() {
        return env.getWorkflowClient();
    }

    static WorkflowOptions options(String workflowId) {
        return WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.DEFAULT).setWorkflowId(workflowId).build();
    }

    DefenseWorkflow defense(String defenseId) {
        return client().newWorkflowStub(DefenseWorkflow.class, options(WorkflowIds.defense(defenseId)));
    }

    SweepWorkflow sweep(String sweepId) {
        return client().newWorkflowStub(SweepWorkflow.class, options(WorkflowIds.sweep(sweepId)));
    }

    @Override
    public void close() {
        env.close();
    }
}
