package dev.mesa.activities.store;

import dev.mesa.checkpoint.FileWriteException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store's own directory creation fails as a {@link FileWriteException}, the failure every writer reports when a
 * file cannot be written, so the worker's failure translation treats it like any other write (retryable while the
 * disk is full) instead of relying on a fallback for anonymous I/O errors. Nothing existing is touched.
 */
class ArtifactStoreWriteFailureTest {
    @Test
    void aStoreRootThatCannotBeCreatedIsAFileWriteFailure(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("store"), "a file where the store should be");
        FileWriteException e = assertThrows(FileWriteException.class, () -> new ArtifactStore(notADirectory));
        assertTrue(e.getMessage().contains("cannot use artifact store " + notADirectory), e.getMessage());
        assertEquals("a file where the store should be", Files.readString(notADirectory));
    }

    @Test
    void aRunDirectoryThatCannotBeCreatedIsAFileWriteFailure(@TempDir Path dir) throws Exception {
        ArtifactStore store = new ArtifactStore(dir.resolve("store"));
        Path blocker = Files.writeString(store.root().resolve("models"), "not a directory");
        FileWriteException e = assertThrows(FileWriteException.class,
                () -> store.runAt("models/attacked/bw-170-t0-0123456789abcdef", "trainClassifier", Map.of("seed", 1)));
        assertTrue(e.getMessage().contains("cannot create run directory"), e.getMessage());
        assertEquals("not a directory", Files.readString(blocker));
    }
}
