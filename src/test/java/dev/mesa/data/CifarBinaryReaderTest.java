package dev.mesa.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CifarBinaryReaderTest {
    private static final int VALUES = 3 * 32 * 32;
    private static final List<String> CIFAR10_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    @TempDir
    Path tmp;

    /** A record's pixel bytes: a function of (file, record, position) so every image is recognisable. */
    static byte pixel(int file, int record, int position) {
        return (byte) (file * 31 + record * 7 + position * 13);
    }

    /** CIFAR-10 file {@code file} with labels {@code labels}: 1 label byte + 3,072 pixel bytes per record. */
    static byte[] cifar10File(int file, int... labels) {
        byte[] data = new byte[labels.length * (1 + VALUES)];
        for (int r = 0; r < labels.length; r++) {
            int off = r * (1 + VALUES);
            data[off] = (byte) labels[r];
            for (int p = 0; p < VALUES; p++) {
                data[off + 1 + p] = pixel(file, r, p);
            }
        }
        return data;
    }

    /** The six CIFAR-10 files (3 records each in train files, 2 in the test file) and the names file. */
    static Map<String, byte[]> cifar10Files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int f = 1; f <= 5; f++) {
            files.put("data_batch_" + f + ".bin", cifar10File(f, f % 10, (f + 3) % 10, 9));
        }
        files.put("test_batch.bin", cifar10File(6, 0, 7));
        files.put("batches.meta.txt", (String.join("\n", CIFAR10_NAMES) + "\n\n").getBytes(StandardCharsets.UTF_8));
        return files;
    }

    static Path writeDirectory(Path dir, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(dir);
        for (var e : files.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        return dir;
    }

    static Path writeTarGz(Path archive, String folder, Map<String, byte[]> files) throws IOException {
        try (OutputStream raw = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(raw))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            TarArchiveEntry dir = new TarArchiveEntry(folder + "/");
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            for (var e : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(folder + "/" + e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }

    private static void assertCifar10(DatasetSplits splits) {
        assertEquals(ImageShape.CIFAR, splits.shape());
        assertEquals(CIFAR10_NAMES, splits.train().classNames());
        assertEquals(15, splits.train().size());
        assertEquals(2, splits.test().size());
        // train images in file order, then record order
        int i = 0;
        for (int f = 1; f <= 5; f++) {
            int[] labels = {f % 10, (f + 3) % 10, 9};
            for (int r = 0; r < 3; r++, i++) {
                assertEquals(labels[r], splits.train().label(i), "label of train image " + i);
                assertImage(splits.train(), i, f, r);
            }
        }
        assertEquals(0, splits.test().label(0));
        assertEquals(7, splits.test().label(1));
        assertImage(splits.test(), 1, 6, 1);
    }

    private static void assertImage(ImageDataset data, int index, int file, int record) {
        byte[] expected = new byte[VALUES];
        for (int p = 0; p < VALUES; p++) {
            expected[p] = pixel(file, record, p);
        }
        byte[] actual = new byte[VALUES];
        data.copyImage(index, actual, 0);
        assertArrayEquals(expected, actual, "pixels of image " + index);
        // channel-major: the first 1,024 bytes are the red plane, row-major
        assertEquals(expected[32 + 5] & 0xFF, data.pixel(index, 0, 1, 5));
        assertEquals(expected[2048 + 32 * 31 + 31] & 0xFF, data.pixel(index, 2, 31, 31));
    }

    @Test
    void readsTheExtractedFolderAndItsParent() throws IOException {
        Path parent = tmp.resolve("download");
        writeDirectory(parent.resolve("cifar-10-batches-bin"), cifar10Files());
        CifarBinaryReader reader = new CifarBinaryReader(CifarBinaryReader.Variant.CIFAR10);
        assertCifar10(reader.read(parent));
        assertCifar10(reader.read(parent.resolve("cifar-10-batches-bin")));
    }

    @Test
    void readsTheOfficialTarGz() throws IOException {
        Path archive = writeTarGz(tmp.resolve("cifar-10-binary.tar.gz"), "cifar-10-batches-bin", cifar10Files());
        assertCifar10(new CifarBinaryReader(CifarBinaryReader.Variant.CIFAR10).read(archive));
    }

    @Test
    void archiveWithLongEntryNamesIsRead() throws IOException {
        Map<String, byte[]> files = cifar10Files();
        files.put("notes/" + "n".repeat(120) + "/readme.txt", "an entry whose name needs a GNU long-name header"
                .getBytes(StandardCharsets.UTF_8));
        Path archive = writeTarGz(tmp.resolve("cifar-10-binary.tar.gz"), "cifar-10-batches-bin", files);
        assertCifar10(new CifarBinaryReader(CifarBinaryReader.Variant.CIFAR10).read(archive));
    }

    @Test
    void cifar100UsesTheFineLabel() throws IOException {
        int[][] train = {{3, 57}, {19, 99}, {0, 0}};
        int[][] test = {{7, 42}};
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("train.bin", cifar100File(train));
        files.put("test.bin", cifar100File(test));
        StringBuilder names = new StringBuilder();
        for (int c = 0; c < 100; c++) {
            names.append("fine").append(c).append('\n');
        }
        files.put("fine_label_names.txt", names.toString().getBytes(StandardCharsets.UTF_8));
        Path archive = writeTarGz(tmp.resolve("cifar-100-binary.tar.gz"), "cifar-100-binary", files);
        CifarBinaryReader reader = new CifarBinaryReader(CifarBinaryReader.Variant.CIFAR100);
        for (Path location : List.of(archive, writeDirectory(tmp.resolve("c100/cifar-100-binary"), files).getParent())) {
            DatasetSplits splits = reader.read(location);
            assertEquals(100, splits.numClasses());
            assertEquals("fine57", splits.train().classNames().get(57));
            assertEquals(3, splits.train().size());
            assertEquals(57, splits.train().label(0));
            assertEquals(99, splits.train().label(1));
            assertEquals(0, splits.train().label(2));
            assertEquals(42, splits.test().label(0));
            // pixels start after both label bytes
            assertEquals(pixel(1, 1, 0) & 0xFF, splits.train().pixel(1, 0, 0, 0));
            assertEquals(pixel(1, 1, VALUES - 1) & 0xFF, splits.train().pixel(1, 2, 31, 31));
        }
    }

    private static byte[] cifar100File(int[][] coarseFine) {
        byte[] data = new byte[coarseFine.length * (2 + VALUES)];
        for (int r = 0; r < coarseFine.length; r++) {
            int off = r * (2 + VALUES);
            data[off] = (byte) coarseFine[r][0];
            data[off + 1] = (byte) coarseFine[r][1];
            for (int p = 0; p < VALUES; p++) {
                data[off + 2 + p] = pixel(1, r, p);
            }
        }
        return data;
    }

    @Test
    void truncatedFileIsNamed() throws IOException {
        Map<String, byte[]> files = cifar10Files();
        byte[] full = files.get("data_batch_2.bin");
        files.put("data_batch_2.bin", java.util.Arrays.copyOf(full, full.length - 100));
        Path dir = writeDirectory(tmp.resolve("cifar-10-batches-bin"), files);
        Path archive = writeTarGz(tmp.resolve("c.tar.gz"), "cifar-10-batches-bin", files);
        for (Path location : List.of(dir, archive)) {
            InvalidDataException e = assertThrows(InvalidDataException.class,
                    () -> new CifarBinaryReader(CifarBinaryReader.Variant.CIFAR10).read(location));
            assertTrue(e.getMessage().contains("data_batch_2.bin") && e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void labelOutsideTheClassesIsNamed() throws IOException {
        Map<String, byte[]> files = cifar10Files();
        files.put("test_batch.bin", cifar10File(6, 3, 10));
        Path dir = writeDirectory(tmp.resolve("cifar-10-batches-bin"), files);
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> new CifarBinaryReader(CifarBinaryReader.Variant.CIFAR10).read(dir));
        assertTrue(e.getMessage().contains("test_batch.bin") && e.getMessage().contains("record 1")
                && e.getMessage().contains("label 10"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() throws IOException {
        Map<String, byte[]> files = cifar10Files();
        files.remove("data_batch_3.bin");
        Path dir = writeDirectory(tmp.resolve("cifar-10-batches-bin"), files);
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> new CifarBinaryReader(CifarBinaryReader.Variant.CIFAR10).read(dir));
        assertTrue(e.getMessage().contains("data_batch_3.bin"), e.getMessage());

        Path nowhere = tmp.resolve("no-such.tar.gz");
        e = assertThrows(InvalidDataException.class,
                () -> new CifarBinaryReader(CifarBinaryReader.Variant.CIFAR10).read(nowhere));
        assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
    }

    @Test
    void truncatedArchiveIsNamed() throws IOException {
        Path archive = writeTarGz(tmp.resolve("cifar-10-binary.tar.gz"), "cifar-10-batches-bin", cifar10Files());
        byte[] bytes = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> new CifarBinaryReader(CifarBinaryReader.Variant.CIFAR10).read(archive));
        assertTrue(e.getMessage().contains(archive.toString()), e.getMessage());
    }
}
