package dev.mesa.activities;

import dev.mesa.activities.store.RunDirectory;
import dev.mesa.activities.store.StoreEvents;
import dev.mesa.checkpoint.CorruptArtifactException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the artifacts a request names as inputs. An input that an activity made (its directory holds the request
 * it was made from) is used only while its run is complete and intact; if it is not (moved aside by a check, or a
 * read finds it damaged), it is recomputed here, by the activity that makes it, before it is read. So a damaged
 * model, generator or reversed trigger costs its recomputation, never the sweep. Artifacts that no activity made
 * (an uploaded model) are read as they are: a damaged one is a non-retryable {@code CorruptArtifact}.
 */
final class InputArtifacts {
    private static final Logger LOG = LoggerFactory.getLogger(InputArtifacts.class);

    /**
     * Checks, recomputations and reads of one input before it counts as damaged for good. More than one: readers on
     * other workers may find the same damage at the same time, and one may set aside what another just recomputed.
     */
    static final int ATTEMPTS = 3;

    private InputArtifacts() {}

    /**
     * {@code reader} applied to what {@code keyOrPath} names in the store (a run directory), or to an absolute model
     * file when {@code absoluteFileAllowed}.
     */
    static <T> T read(ActivityResources resources, String field, String keyOrPath, boolean absoluteFileAllowed,
                      Function<Path, T> reader) {
        Path location = resources.store().resolveInput(field, keyOrPath, absoluteFileAllowed);
        if (Path.of(keyOrPath).isAbsolute()) {
            return reader.apply(location);
        }
        Optional<RunDirectory> made = resources.store().existingRun(field, keyOrPath);
        if (made.isEmpty()) {
            return reader.apply(location);
        }
        RunDirectory run = made.get();
        String why = "it is not complete";
        boolean reread = false;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (!run.complete()) {
                recompute(resources, field, run, why);
                if (!run.complete()) {
                    why = "running " + run.activity() + " again did not leave it complete";
                    continue;
                }
            }
            try {
                return reader.apply(location);
            } catch (CorruptArtifactException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                why = e.getMessage();
                if (run.complete()) { // else the check just set the damaged files aside
                    if (!reread) { // intact on disk: the read may have seen a file another reader was replacing
                        reread = true;
                        continue;
                    }
                    run.quarantineOutput(e.file(), e.getMessage()); // damaged in a way its hash did not show
                }
            } catch (IllegalArgumentException e) {
                boolean intact = run.complete();
                if ((intact && reread) || attempt == ATTEMPTS) {
                    throw e; // a genuine mismatch between the request and an intact input
                }
                reread |= intact;
                why = "it changed while it was read: " + e.getMessage();
            }
        }
        throw new CorruptArtifactException(run.path(), why + " (" + ATTEMPTS + " attempts: does this version store it"
                + " under another key?): run the workflow that makes it again");
    }

    private static void recompute(ActivityResources resources, String field, RunDirectory run, String why) {
        LOG.warn("{} '{}' must be recomputed ({}): running {} again from its stored request", field, run.key(), why,
                run.activity());
        StoredRuns.recompute(resources, run);
        resources.metrics().recomputed(StoreEvents.kindOf(run.key()));
    }
}
