package dev.mesa.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the official binary versions of CIFAR-10 ({@code cifar-10-binary.tar.gz}: records of 1 label byte
 * + 3,072 pixel bytes) and CIFAR-100 ({@code cifar-100-binary.tar.gz}: coarse and fine label bytes + 3,072
 * pixel bytes; the fine labels are used), from the archive or from its extracted directory.
 */
public final class CifarBinaryReader {
    /** Which CIFAR variant. */
    public enum Variant {
        CIFAR10("cifar-10-batches-bin", 1, List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                "data_batch_4.bin", "data_batch_5.bin"), List.of("test_batch.bin"), "batches.meta.txt", 10),
        CIFAR100("cifar-100-binary", 2, List.of("train.bin"), List.of("test.bin"), "fine_label_names.txt", 100);

        final String folder;
        final int labelBytes;
        final List<String> trainFiles;
        final List<String> testFiles;
        final String namesFile;
        final int numClasses;

        Variant(String folder, int labelBytes, List<String> trainFiles, List<String> testFiles, String namesFile,
                int numClasses) {
            this.folder = folder;
            this.labelBytes = labelBytes;
            this.trainFiles = trainFiles;
            this.testFiles = testFiles;
            this.namesFile = namesFile;
            this.numClasses = numClasses;
        }

        int recordBytes() {
            return labelBytes + ImageShape.CIFAR.values();
        }
    }

    private final Variant variant;

    public CifarBinaryReader(Variant variant) {
        this.variant = variant;
    }

    /** Reads a {@code .tar.gz} archive or a directory (the extracted folder or its parent). */
    public DatasetSplits read(Path location) {
        if (!Files.exists(location)) {
            throw InvalidDataException.at(location, "no such file or directory");
        }
        Map<String, byte[]> files = Files.isDirectory(location) ? readDirectory(location) : readArchive(location);
        List<String> names = classNames(files.get(variant.namesFile));
        ImageDataset train = decode(location, "train", variant.trainFiles, files, names);
        ImageDataset test = decode(location, "test", variant.testFiles, files, names);
        return DatasetSplits.of(train, test);
    }

    private Map<String, byte[]> readDirectory(Path dir) {
        Path base = Files.isDirectory(dir.resolve(variant.folder)) ? dir.resolve(variant.folder) : dir;
        Map<String, byte[]> files = new HashMap<>();
        List<String> wanted = new ArrayList<>(variant.trainFiles);
        wanted.addAll(variant.testFiles);
        wanted.add(variant.namesFile);
        for (String name : wanted) {
            Path file = base.resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    files.put(name, Files.readAllBytes(file));
                } catch (IOException e) {
                    throw new InvalidDataException(file + ": cannot be read: " + e.getMessage(), e);
                }
            }
        }
        return files;
    }

    private Map<String, byte[]> readArchive(Path archive) {
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                String name = Path.of(entry.getName()).getFileName().toString();
                if (variant.trainFiles.contains(name) || variant.testFiles.contains(name)
                        || variant.namesFile.equals(name)) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, entry.getSize()));
                    tar.transferTo(out);
                    files.put(name, out.toByteArray());
                }
            }
        } catch (IOException e) {
            throw new InvalidDataException(archive + ": not a readable " + variant + " .tar.gz archive ("
                    + e.getMessage() + ")", e);
        }
        return files;
    }

    private List<String> classNames(byte[] namesFile) {
        List<String> names = new ArrayList<>();
        if (namesFile != null) {
            for (String line : new String(namesFile, java.nio.charset.StandardCharsets.UTF_8).split("\\R")) {
                if (!line.isBlank()) {
                    names.add(line.trim());
                }
            }
        }
        if (names.size() != variant.numClasses) {
            names.clear();
            for (int i = 0; i < variant.numClasses; i++) {
                names.add("class" + i);
            }
        }
        return names;
    }

    private ImageDataset decode(Path location, String split, List<String> fileNames, Map<String, byte[]> files,
                                List<String> names) {
        int recordBytes = variant.recordBytes();
        int values = ImageShape.CIFAR.values();
        long total = 0;
        for (String name : fileNames) {
            byte[] data = files.get(name);
            if (data == null) {
                throw InvalidDataException.at(location, "missing " + name + " (is this the " + variant
                        + " binary version?)");
            }
            if (data.length == 0 || data.length % recordBytes != 0) {
                throw InvalidDataException.at(location.resolve(name), "truncated or corrupt: " + data.length
                        + " bytes is not a multiple of the " + recordBytes + "-byte record size");
            }
            total += data.length / recordBytes;
        }
        byte[] pixels = new byte[Math.toIntExact(total * values)];
        int[] labels = new int[(int) total];
        int n = 0;
        for (String name : fileNames) {
            byte[] data = files.get(name);
            for (int off = 0; off < data.length; off += recordBytes, n++) {
                int label = data[off + variant.labelBytes - 1] & 0xFF;
                if (label >= variant.numClasses) {
                    throw InvalidDataException.at(location.resolve(name), "record " + (off / recordBytes)
                            + " has label " + label + ", expected < " + variant.numClasses);
                }
                labels[n] = label;
                System.arraycopy(data, off + variant.labelBytes, pixels, n * values, values);
            }
        }
        return new ImageDataset(variant.name().toLowerCase() + "/" + split, ImageShape.CIFAR, pixels, labels, names);
    }
}
