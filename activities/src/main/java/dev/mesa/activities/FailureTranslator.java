package dev.mesa.activities;

import dev.mesa.activities.metrics.MesaMetrics;
import dev.mesa.checkpoint.CorruptArtifactException;
import dev.mesa.checkpoint.DurableFiles;
import dev.mesa.checkpoint.FileWriteException;
import dev.mesa.data.InvalidDataException;
import dev.mesa.model.InvalidModelException;
import dev.mesa.training.GradMode;
import dev.mesa.training.NonFiniteLossException;
import dev.mesa.workflows.activity.FailureTypes;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * Runs an activity body on the activity thread (grad mode off first) and maps what it throws: a user's model file
 * that cannot be defended ({@link InvalidModelException}) becomes a non-retryable {@link FailureTypes#INVALID_MODEL},
 * any other wrong request ({@link IllegalArgumentException}, {@link InvalidDataException}) a non-retryable
 * {@link FailureTypes#INVALID_INPUT}, a bad artifact {@link FailureTypes#CORRUPT_ARTIFACT}, a diverged loop
 * {@link FailureTypes#NON_FINITE_LOSS} (its last good checkpoint stays in the run directory). A store that cannot be
 * written (a full disk, whether the writer was the store's own or a plain I/O path such as a report figure) becomes
 * a retryable {@link FailureTypes#STORE_UNAVAILABLE}: what was written stays. Anything
 * else propagates and is retried with the activity's bounded policy. Every failure is counted.
 */
public final class FailureTranslator {
    private static final Logger LOG = LoggerFactory.getLogger(FailureTranslator.class);
    private final MesaMetrics metrics;

    public FailureTranslator(MesaMetrics metrics) {
        this.metrics = metrics;
    }

    public <T> T run(String activity, Supplier<T> body) {
        try {
            GradMode.disableOnThisThread();
            return body.get();
        } catch (ActivityCompletionException e) {
            metrics.failed(activity, "Cancelled");
            throw e;
        } catch (ApplicationFailure e) {
            metrics.failed(activity, e.getType());
            throw e;
        } catch (InvalidModelException e) {
            throw nonRetryable(activity, FailureTypes.INVALID_MODEL, e);
        } catch (IllegalArgumentException | InvalidDataException e) {
            throw nonRetryable(activity, FailureTypes.INVALID_INPUT, e);
        } catch (CorruptArtifactException e) {
            throw nonRetryable(activity, FailureTypes.CORRUPT_ARTIFACT, e);
        } catch (NonFiniteLossException e) {
            throw nonRetryable(activity, FailureTypes.NON_FINITE_LOSS, e);
        } catch (FileWriteException e) {
            throw storeUnavailable(activity, e);
        } catch (RuntimeException | Error e) {
            if (e instanceof UncheckedIOException io && DurableFiles.isDiskFull(io)) {
                throw storeUnavailable(activity, io);
            }
            metrics.failed(activity, e.getClass().getSimpleName());
            LOG.warn("{} failed (will be retried): {}", activity, e.toString());
            throw e;
        }
    }

    /** A store that cannot be written, whichever writer found out (a full disk also on a plain I/O path). */
    private ApplicationFailure storeUnavailable(String activity, UncheckedIOException e) {
        metrics.failed(activity, FailureTypes.STORE_UNAVAILABLE);
        LOG.warn("{}: the artifact store cannot be written (will be retried; what was written is kept): {}", activity,
                e.getMessage());
        return ApplicationFailure.newFailureWithCause(activity + ": the artifact store cannot be written"
                + (DurableFiles.isDiskFull(e) ? " (the disk is full)" : "") + ": " + e.getMessage()
                + "; what was written is kept (the last checkpoint too) and the attempt is retried",
                FailureTypes.STORE_UNAVAILABLE, e);
    }

    private ApplicationFailure nonRetryable(String activity, String type, RuntimeException e) {
        metrics.failed(activity, type);
        LOG.warn("{} failed, not retryable ({}): {}", activity, type, e.getMessage());
        return ApplicationFailure.newNonRetryableFailureWithCause(activity + ": " + e.getMessage(), type, e);
    }
}
