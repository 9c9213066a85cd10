package dev.mesa.worker.doctor;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Mapped libraries from {@code /proc/self/maps} lines: files only, each once, found by name prefix. */
class LoadedLibrariesTest {
    @Test
    void parsesMappedSharedObjectsOnceEachAndSkipsTheRest() {
        LoadedLibraries libraries = LoadedLibraries.parse(Stream.of(
                "7f0000000000-7f0000001000 r--p 00000000 08:01 1234   /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4.5.10",
                "7f0000001000-7f0000002000 r-xp 00001000 08:01 1234   /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4.5.10",
                "7f0000003000-7f0000004000 rw-p 00000000 00:00 0",
                "7f0000004000-7f0000005000 rw-p 00000000 00:00 0      [heap]",
                "7f0000005000-7f0000006000 r--p 00000000 08:01 99     /opt/my libs/libtorch_cuda.so",
                "7f0000006000-7f0000007000 r--p 00000000 08:01 77     /usr/lib/jvm/java-17/lib/modules"));
        assertEquals(List.of(Path.of("/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4.5.10"),
                Path.of("/opt/my libs/libtorch_cuda.so")), libraries.files());
        assertEquals(Optional.of(Path.of("/opt/my libs/libtorch_cuda.so")), libraries.named("libtorch_cuda"));
        assertEquals(Optional.empty(), libraries.named("libjemalloc"));
    }

    @Test
    void thisJvmHasItsOwnLibraryMapped() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "Linux");
        assertTrue(LoadedLibraries.current().named("libjvm").isPresent());
    }
}
