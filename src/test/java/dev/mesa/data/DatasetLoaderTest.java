package dev.mesa.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetLoaderTest {
    @TempDir
    Path tmp;

    /** Packs {@code folder}'s contents below a top-level directory named {@code top} into a .tar.gz. */
    static Path tarGz(Path folder, String top, Path archive) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream raw = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(raw))) {
            for (Path f : files) {
                TarArchiveEntry entry = new TarArchiveEntry(f.toFile(), top + "/" + folder.relativize(f));
                tar.putArchiveEntry(entry);
                Files.copy(f, tar);
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }

    /** A small image-folder archive ({@code mini-images.tar.gz}) in the test's directory. */
    private Path miniArchive() throws IOException {
        Path folder = ImageFolderReaderTest.folder(tmp.resolve("src"), "png", "png");
        return tarGz(folder, "mini-images", tmp.resolve("mini-images.tar.gz"));
    }

    @Test
    void imageFolderArchiveIsExtractedOnceIntoTheCache() throws IOException {
        Path cache = tmp.resolve("cache");
        DatasetSource source = DatasetSource.imageFolder(miniArchive().toString());

        DatasetLoader loader = DatasetLoader.offline(cache);
        DatasetSplits first = loader.load(source);
        assertSame(first, loader.load(source), "a loader keeps what it loaded");
        assertEquals(List.of("airplane", "bird", "cat"), first.train().classNames());
        assertEquals(9, first.train().size());

        Path extracted;
        try (Stream<Path> s = Files.list(cache.resolve("extracted"))) {
            List<Path> entries = s.toList();
            assertEquals(1, entries.size(), "one extraction, no partial folders left: " + entries);
            extracted = entries.get(0);
        }
        Path marker = Files.writeString(extracted.resolve("marker"), "left by the test");

        DatasetSplits second = DatasetLoader.offline(cache).load(source);
        assertTrue(Files.exists(marker), "the second loader re-extracted the archive");
        assertEquals(first.train().size(), second.train().size());
        for (int i = 0; i < first.train().size(); i++) {
            assertEquals(first.train().pixel(i, 1, 3, 4), second.train().pixel(i, 1, 3, 4));
            assertEquals(first.train().label(i), second.train().label(i));
        }
        try (Stream<Path> s = Files.list(cache.resolve("extracted"))) {
            assertEquals(1, s.count());
        }
    }

    /** A copied or re-downloaded archive has a new modification time; its extraction and identity must not change. */
    @Test
    void touchedArchiveKeepsItsExtractionAndIdentity() throws IOException {
        Path archive = miniArchive();
        Path cache = tmp.resolve("cache");
        DatasetSource source = DatasetSource.imageFolder(archive.toString());
        String before = DatasetLoader.offline(cache).load(source).train().toString();

        Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(archive).toMillis() + 3_600_000));
        String after = DatasetLoader.offline(cache).load(source).train().toString();

        assertEquals(before, after);
        try (Stream<Path> s = Files.list(cache.resolve("extracted"))) {
            assertEquals(1, s.count(), "the touched archive was extracted again");
        }
    }

    @Test
    void datasetIdentityFollowsItsContent() {
        ImageDataset a = SyntheticDataset.generate(SyntheticDataset.Spec.tiny()).train();
        ImageDataset same = SyntheticDataset.generate(SyntheticDataset.Spec.tiny()).train();
        assertEquals(a.contentDigest(), same.contentDigest());
        assertEquals(a.toString(), same.toString());

        byte[] pixels = a.pixelData().clone();
        pixels[5] ^= 1;
        int[] labels = new int[a.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = a.label(i);
        }
        ImageDataset onePixelChanged = new ImageDataset(a.name(), a.shape(), pixels, labels, a.classNames());
        assertNotEquals(a.contentDigest(), onePixelChanged.contentDigest());
        assertNotEquals(a.toString(), onePixelChanged.toString(), "checkpoints would not notice the changed image");
    }

    @Test
    void plainImageFolderIsReadInPlace() throws IOException {
        Path folder = ImageFolderReaderTest.folder(tmp.resolve("src"), "png", "png");
        Path cache = tmp.resolve("cache");
        DatasetSplits splits = DatasetLoader.offline(cache).load(DatasetSource.imageFolder(folder.toString()));
        assertEquals(3, splits.test().size());
        assertTrue(Files.notExists(cache.resolve("extracted")));
    }

    @Test
    void unknownArchiveFormatAndCorruptArchiveAreNamed() throws IOException {
        Path zip = Files.writeString(tmp.resolve("images.zip"), "PK...");
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> DatasetLoader.offline(tmp.resolve("cache")).load(DatasetSource.imageFolder(zip.toString())));
        assertTrue(e.getMessage().contains(zip.toString()) && e.getMessage().contains("unknown format"), e.getMessage());

        Path folder = ImageFolderReaderTest.folder(tmp.resolve("src"), "png", "png");
        Path archive = tarGz(folder, "x", tmp.resolve("broken.tar.gz"));
        byte[] bytes = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path cache = tmp.resolve("cache2");
        e = assertThrows(InvalidDataException.class,
                () -> DatasetLoader.offline(cache).load(DatasetSource.imageFolder(archive.toString())));
        assertTrue(e.getMessage().contains(archive.toString()), e.getMessage());
        try (Stream<Path> s = Files.list(cache.resolve("extracted"))) {
            assertEquals(0, s.count(), "a failed extraction leaves nothing behind");
        }
    }

    @Test
    void offlineLoaderWithoutALocalCopyFailsClearly() {
        Path cache = tmp.resolve("cache");
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> DatasetLoader.offline(cache).load(new DatasetSource(DatasetSource.Kind.CIFAR10, null, null)));
        assertTrue(e.getMessage().contains("no local copy") && e.getMessage().contains("cifar-10-binary.tar.gz"),
                e.getMessage());
        // the two ways out it names both work offline: the message must not send the user to a downloads switch
        assertTrue(e.getMessage().contains(cache.resolve("cifar-10-binary.tar.gz").toString()), e.getMessage());
        assertFalse(e.getMessage().contains("enable downloads"), e.getMessage());
    }

    @Test
    void offlineLoaderReadsTheArchiveWhereItsMessageSaysToPutIt() throws IOException {
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache);
        CifarBinaryReaderTest.writeTarGz(cache.resolve("cifar-10-binary.tar.gz"), "cifar-10-batches-bin",
                CifarBinaryReaderTest.cifar10Files());
        DatasetSplits splits = DatasetLoader.offline(cache).load(new DatasetSource(DatasetSource.Kind.CIFAR10, null, null));
        assertEquals(10, splits.numClasses());
        assertTrue(splits.train().size() > 0 && splits.test().size() > 0);
    }

    @Test
    void syntheticSourceNeedsNoFiles() {
        DatasetSplits splits = DatasetLoader.offline(tmp.resolve("cache"))
                .load(DatasetSource.synthetic(new SyntheticDataset.Spec(3, 2, 1, 8, 1)));
        assertEquals(6, splits.train().size());
    }
}
