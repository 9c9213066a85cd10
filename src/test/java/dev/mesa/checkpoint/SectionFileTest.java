package dev.mesa.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SectionFileTest {
    @TempDir
    Path tmp;

    static Map<String, byte[]> sections() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        s.put("header", "{\"step\": 12}".getBytes(StandardCharsets.UTF_8));
        byte[] big = new byte[10_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        s.put("parameters", big);
        s.put("empty", new byte[0]);
        s.put("ünïcode", new byte[] {1, 2, 3});
        return s;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.sorted().toList();
        }
    }

    @Test
    void roundTripKeepsKindSectionsAndOrder() {
        Path file = tmp.resolve("a.ckpt");
        new SectionFile("mesa-checkpoint", sections()).write(file);
        SectionFile read = SectionFile.read(file, "mesa-checkpoint");
        assertEquals("mesa-checkpoint", read.kind());
        assertEquals(List.copyOf(sections().keySet()), List.copyOf(read.sections().keySet()));
        for (var e : sections().entrySet()) {
            assertArrayEquals(e.getValue(), read.section(file, e.getKey()), e.getKey());
        }
        assertEquals("{\"step\": 12}", read.text(file, "header"));
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> read.section(file, "optimizer"));
        assertTrue(e.getMessage().contains("optimizer") && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void everySingleFlippedByteIsDetected() throws IOException {
        Path file = tmp.resolve("a.ckpt");
        new SectionFile("mesa-checkpoint", Map.of("header", "{}".getBytes(StandardCharsets.UTF_8),
                "data", new byte[] {9, 8, 7, 6, 5})).write(file);
        byte[] original = Files.readAllBytes(file);
        for (int i = 0; i < original.length; i++) {
            byte[] bad = original.clone();
            bad[i] ^= 0x10;
            Files.write(file, bad);
            int at = i;
            CorruptArtifactException e = assertThrows(CorruptArtifactException.class,
                    () -> SectionFile.read(file, "mesa-checkpoint"), () -> "flipped byte " + at + " went unnoticed");
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        }
    }

    @Test
    void everyTruncationIsDetected() throws IOException {
        Path file = tmp.resolve("a.ckpt");
        new SectionFile("mesa-model", sections()).write(file);
        byte[] original = Files.readAllBytes(file);
        for (int length : new int[] {0, 1, 4, 10, 20, original.length / 2, original.length - 9, original.length - 1}) {
            Files.write(file, Arrays.copyOf(original, length));
            CorruptArtifactException e = assertThrows(CorruptArtifactException.class,
                    () -> SectionFile.read(file, "mesa-model"), "truncated to " + length);
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
        Files.write(file, Arrays.copyOf(original, original.length + 3));
        assertThrows(CorruptArtifactException.class, () -> SectionFile.read(file, "mesa-model"), "trailing bytes");
    }

    @Test
    void wrongKindAndMissingFileAreErrors() {
        Path file = tmp.resolve("model.bin");
        new SectionFile("mesa-model", sections()).write(file);
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class,
                () -> SectionFile.read(file, "mesa-checkpoint"));
        assertTrue(e.getMessage().contains("mesa-model") && e.getMessage().contains("mesa-checkpoint"), e.getMessage());
        e = assertThrows(CorruptArtifactException.class, () -> SectionFile.read(tmp.resolve("nope"), "mesa-model"));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void notAnArtifactAtAll() throws IOException {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "just some text that is long enough");
        CorruptArtifactException e = assertThrows(CorruptArtifactException.class, () -> SectionFile.read(file, "mesa-model"));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void atomicWritesLeaveOnlyTheTargetFile() throws IOException {
        Path file = tmp.resolve("a.ckpt");
        for (int i = 0; i < 5; i++) {
            Map<String, byte[]> s = new LinkedHashMap<>(sections());
            s.put("round", new byte[] {(byte) i});
            new SectionFile("mesa-checkpoint", s).write(file);
            assertEquals(List.of(file), files(), "after write " + i);
            assertArrayEquals(new byte[] {(byte) i}, SectionFile.read(file, "mesa-checkpoint").section(file, "round"));
        }
        Path nested = tmp.resolve("deeper/dir/b.ckpt");
        new SectionFile("mesa-checkpoint", sections()).write(nested);
        try (Stream<Path> s = Files.list(nested.getParent())) {
            assertEquals(List.of(nested), s.toList());
        }
    }

    @Test
    void failedWriteLeavesTheOldFileAndNoTemporaries() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        Path file = dir.resolve("a.ckpt");
        new SectionFile("mesa-checkpoint", sections()).write(file);
        byte[] before = Files.readAllBytes(file);
        // the target path is a non-empty directory: the final rename must fail
        Path blocked = Files.createDirectories(dir.resolve("blocked.ckpt"));
        Files.writeString(blocked.resolve("x"), "x");
        assertThrows(RuntimeException.class, () -> new SectionFile("mesa-checkpoint", sections()).write(blocked));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(file, blocked), s.sorted().toList(), "no temporary files left");
        }
        assertArrayEquals(before, Files.readAllBytes(file));
    }
}
