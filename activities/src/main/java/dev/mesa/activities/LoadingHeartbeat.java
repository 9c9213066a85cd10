package dev.mesa.activities;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats every 20 s from a helper thread while an activity loads a dataset for the first time (extracting and
 * decoding 60,000 CIFAR images can outlast the 2-minute heartbeat timeout before the training loop's own heartbeats
 * begin). A cancellation it sees is not lost: the SDK reports it again to the loop's next heartbeat.
 */
final class LoadingHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadingHeartbeat.class);
    private static final long EVERY_SECONDS = 20;
    private final ScheduledExecutorService timer;

    private LoadingHeartbeat(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts heartbeating for the activity of the calling thread. */
    static LoadingHeartbeat start() {
        ActivityExecutionContext context = Activity.getExecutionContext();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mesa-loading-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            try {
                context.heartbeat(null);
            } catch (ActivityCompletionException e) {
                LOG.debug("heartbeat while loading: {} (the training loop's next heartbeat reports it)", e.toString());
            }
        }, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
        return new LoadingHeartbeat(timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
