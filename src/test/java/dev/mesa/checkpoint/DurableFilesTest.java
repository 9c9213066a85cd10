package dev.mesa.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurableFilesTest {
    @TempDir
    Path tmp;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWriteReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = tmp.resolve("manifest.json");
        DurableFiles.writeString(file, "old");
        DurableFiles.writeString(file, "new");
        assertEquals("new", Files.readString(file));
        assertEquals(List.of("manifest.json"), names());
    }

    @Test
    void aFullDiskFailsTheWriteAndKeepsThePreviousFile() throws Exception {
        Path file = tmp.resolve("checkpoint.mesa-checkpoint");
        DurableFiles.writeString(file, "step 40");
        FileWriteException e;
        try (AutoCloseable full = DurableFiles.intercept(target -> {
            throw new IOException("No space left on device");
        })) {
            e = assertThrows(FileWriteException.class, () -> DurableFiles.writeString(file, "step 42"));
        }
        assertTrue(e.diskFull(), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals("step 40", Files.readString(file), "the last good file is kept");
        assertEquals(List.of("checkpoint.mesa-checkpoint"), names(), "no temporary file is left behind");
        DurableFiles.writeString(file, "step 42");
        assertEquals("step 42", Files.readString(file), "writes succeed again once the interceptor is gone");
    }

    @Test
    void aWriterFailingHalfwayLeavesTheOldContent() throws IOException {
        Path file = tmp.resolve("model.mesa-model");
        DurableFiles.writeString(file, "complete model");
        assertThrows(FileWriteException.class, () -> DurableFiles.write(file, target -> {
            Files.writeString(target, "half a mod", StandardCharsets.UTF_8);
            throw new IOException("No space left on device");
        }));
        assertEquals("complete model", Files.readString(file));
        assertEquals(List.of("model.mesa-model"), names());
    }

    @Test
    void anUnwritableDirectoryIsAnIoFailureEvenForRoot() throws IOException {
        Path notADirectory = tmp.resolve("store");
        Files.writeString(notADirectory, "a file where the store directory should be");
        FileWriteException e = assertThrows(FileWriteException.class,
                () -> DurableFiles.writeString(notADirectory.resolve("run/manifest.json"), "{}"));
        assertFalse(e.diskFull(), e.getMessage());
    }

    @Test
    void aDamagedFileIsMovedAsideUnderAMarkedName() throws IOException {
        Path file = tmp.resolve("generator.mesa-generator");
        DurableFiles.writeString(file, "flipped bits");
        Path aside = DurableFiles.moveAside(file);
        assertNotNull(aside);
        assertFalse(Files.exists(file));
        assertEquals("flipped bits", Files.readString(aside));
        assertTrue(aside.getFileName().toString().startsWith("generator.mesa-generator" + DurableFiles.QUARANTINE_MARK),
                aside.toString());
        assertTrue(DurableFiles.isSetAside(aside));
        assertFalse(DurableFiles.isSetAside(file));
        assertNull(DurableFiles.moveAside(file), "a file another process moved first is not an error");
        DurableFiles.writeString(file, "again");
        Path second = DurableFiles.moveAside(file);
        assertFalse(second.equals(aside), "a second move keeps the first one");
        assertEquals(2, names().size());
    }
}
