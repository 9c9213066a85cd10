package dev.mesa.worker.client;

import dev.mesa.workflows.Progress;
import dev.mesa.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows an execution to its end with a progress bar on stderr: units done / planned from the workflow's
 * {@code progress} query, the stage and the units in flight as the message (for a sweep, each running trigger's own
 * stage, queried from its child workflow).
 */
public final class ProgressFollower {
    private static final Duration POLL = Duration.ofSeconds(1);

    private ProgressFollower() {}

    /** Blocks until the execution closes and returns its result (or throws its failure). */
    public static <T> T follow(WorkflowClient client, WorkflowStub stub, String title,
                               Class<T> resultType) {
        CompletableFuture<T> result = stub.getResultAsync(resultType);
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(title).setInitialMax(1)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err, 100))
                .setUpdateIntervalMillis(1000).continuousUpdate().build()) {
            while (true) {
                try {
                    return result.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    update(client, bar, stub);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while following " + title, e);
                }
            }
        }
    }

    private static void update(WorkflowClient client, ProgressBar bar, WorkflowStub stub) {
        Progress p;
        try {
            p = stub.query("progress", Progress.class);
        } catch (RuntimeException e) {
            return; // the execution is between tasks or closing: the next poll or the result tells
        }
        if (p == null) {
            return;
        }
        bar.maxHint(Math.max(1, p.total()));
        bar.stepTo(p.done());
        StringBuilder message = new StringBuilder(p.stage());
        String workflowId = stub.getExecution() != null ? stub.getExecution().getWorkflowId() : null;
        for (Map.Entry<String, String> unit : p.units().entrySet()) {
            if ("running".equals(unit.getValue())) {
                message.append(" | ").append(unit.getKey());
                WorkflowIds.sweepIdOf(workflowId).ifPresent(sweepId -> message.append(": ")
                        .append(childStage(client, WorkflowIds.triggerExperiment(sweepId, unit.getKey()))));
            }
        }
        bar.setExtraMessage(message.toString());
    }

    /** The stage of a sweep's trigger experiment, with its defence's stage when that is running. */
    private static String childStage(WorkflowClient client, String experimentId) {
        try {
            Progress experiment = client.newUntypedWorkflowStub(experimentId).query("progress", Progress.class);
            if (experiment != null && "defense".equals(experiment.stage())) {
                Progress defense = client.newUntypedWorkflowStub(WorkflowIds.experimentDefense(experimentId))
                        .query("progress", Progress.class);
                return "defense " + defense.stage() + " " + defense.done() + "/" + defense.total();
            }
            return experiment != null ? experiment.stage() : "starting";
        } catch (RuntimeException e) {
            return "starting";
        }
    }
}
