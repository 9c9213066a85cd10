package dev.mesa.worker.runtime;

import dev.mesa.training.TorchThreads;
import dev.mesa.workflows.activity.DatasetSpec;
import dev.mesa.workflows.activity.MesaSettings;
import dev.mesa.workflows.activity.TrainGeneratorRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The interceptor on a real Temporal worker (the SDK's test server): each activity reads its own PyTorch thread
 * count as its implementation runs; the pooled activity threads are set again at every start.
 */
class UnitThreadsWorkerTest {
    private static final String QUEUE = "unit-threads";
    static final TrainGeneratorRequest SEARCH = new TrainGeneratorRequest("models/m", DatasetSpec.synthetic(), 0, 0.9,
            3, MesaSettings.defaults(), 1, TrainGeneratorRequest.DETECTION);

    @ActivityInterface
    public interface ThreadProbe {
        @ActivityMethod(name = "SearchThreads")
        int search(TrainGeneratorRequest request);

        @ActivityMethod(name = "OtherThreads")
        int other(String anything);
    }

    static final class ThreadProbeImpl implements ThreadProbe {
        @Override
        public int search(TrainGeneratorRequest request) {
            return TorchThreads.onThisThread();
        }

        @Override
        public int other(String anything) {
            return TorchThreads.onThisThread();
        }
    }

    @WorkflowInterface
    public interface ProbeWorkflow {
        @WorkflowMethod
        List<Integer> probe();
    }

    public static final class ProbeWorkflowImpl implements ProbeWorkflow {
        private final ThreadProbe probe = Workflow.newActivityStub(ThreadProbe.class,
                ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

        @Override
        public List<Integer> probe() {
            return List.of(probe.search(SEARCH.widenedWhen(true)), probe.search(SEARCH), probe.other("evaluate"),
                    probe.search(SEARCH.widenedWhen(true)), probe.other("report"));
        }
    }

    @Test
    void aWideUnitRunsOnTheWideCountAndTheNextActivityOnItsThreadIsBackToOne() {
        int configured = TorchThreads.onThisThread();
        TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(new UnitThreadsInterceptor(1, 2)).build()).build());
        try {
            Worker worker = env.newWorker(QUEUE);
            worker.registerWorkflowImplementationTypes(ProbeWorkflowImpl.class);
            worker.registerActivitiesImplementations(new ThreadProbeImpl());
            env.start();
            ProbeWorkflow workflow = env.getWorkflowClient().newWorkflowStub(ProbeWorkflow.class,
                    WorkflowOptions.newBuilder().setTaskQueue(QUEUE)
                            .setWorkflowRunTimeout(Duration.ofMinutes(2)).build());
            assertEquals(List.of(2, 1, 1, 2, 1), workflow.probe());
        } finally {
            env.close();
            // A new thread starts from the last count set anywhere: leave the configured one for the other tests.
            TorchThreads.setOnThisThread(configured);
        }
    }
}
