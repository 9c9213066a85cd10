package dev.mesa.worker.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Writable, creatable or not, with the probe file gone again and nothing created. */
class DirectoryStateTest {
    @TempDir
    Path tmp;

    @Test
    void anExistingDirectoryIsWritableAndKeepsNoProbeFile() throws IOException {
        DirectoryState state = DirectoryState.inspect(tmp);
        assertTrue(state.exists());
        assertNull(state.problem());
        assertTrue(state.usableBytes() > 0, "free space: " + state.usableBytes());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(0, left.count(), "the probe file was deleted");
        }
    }

    @Test
    void aMissingDirectoryUnderAWritableOneWillBeCreatedAndIsNotCreatedHere() {
        Path store = tmp.resolve("a/b/store");
        DirectoryState state = DirectoryState.inspect(store);
        assertFalse(state.exists());
        assertNull(state.problem());
        assertFalse(Files.exists(tmp.resolve("a")), "doctor creates nothing");
    }

    @Test
    void aPathUnderAFileIsAProblem() throws IOException {
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        DirectoryState state = DirectoryState.inspect(file.resolve("store"));
        assertFalse(state.exists());
        assertEquals(file + " is not a directory", state.problem());
    }

    @Test
    void aDirectoryOnAFileSystemThatTakesNoFilesIsAProblemEvenForRoot() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc");
        DirectoryState state = DirectoryState.inspect(Path.of("/proc/mesa-store"));
        assertFalse(state.exists());
        assertTrue(state.problem().startsWith("missing, and /proc where it would be created is not writable"),
                state.problem());
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsAProblem() throws IOException {
        Path file = Files.writeString(tmp.resolve("store"), "x");
        DirectoryState state = DirectoryState.inspect(file);
        assertTrue(state.exists());
        assertEquals(file + " is not a directory", state.problem());
    }
}
