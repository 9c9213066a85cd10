package dev.mesa.data;

import ai.djl.util.TarUtils;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Loads a {@link DatasetSource}: reads local copies first, extracts image-folder archives into the cache
 * directory once, and downloads CIFAR only when no local copy is given and a downloader is configured (the mesa
 * worker and the benchmarks use {@link #offline}: they never download, a missing archive fails naming the file).
 * Loaded datasets are kept in memory per loader, so activities of one worker share them.
 */
public final class DatasetLoader {
    private final Path cacheDir;
    private final Optional<DatasetDownloader> downloader;
    private final Map<Request, DatasetSplits> loaded = new ConcurrentHashMap<>();

    /** A source and the image size it is read at (0: the images' own size). */
    private record Request(DatasetSource source, int imageSize) {}

    public DatasetLoader(Path cacheDir, Optional<DatasetDownloader> downloader) {
        this.cacheDir = cacheDir;
        this.downloader = downloader;
    }

    /** A loader that never touches the network. */
    public static DatasetLoader offline(Path cacheDir) {
        return new DatasetLoader(cacheDir, Optional.empty());
    }

    public DatasetSplits load(DatasetSource source) {
        return loaded.computeIfAbsent(new Request(source, 0), r -> read(r.source()));
    }

    /**
     * The dataset with every image at {@code imageSize x imageSize} (a classifier's input size): image folders
     * resize each image as it is read (their images may differ in size), other datasets are resized after
     * loading when their size differs ({@link ImageResizer}: Pillow's bilinear resize).
     */
    public DatasetSplits load(DatasetSource source, int imageSize) {
        if (imageSize < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + imageSize);
        }
        if (source.kind() == DatasetSource.Kind.IMAGE_FOLDER) {
            return loaded.computeIfAbsent(new Request(source, imageSize),
                    r -> ImageFolderReader.resizingTo(imageSize).read(imageFolderRoot(Path.of(source.path()))));
        }
        DatasetSplits original = load(source); // not inside computeIfAbsent: the map must not change in there
        return loaded.computeIfAbsent(new Request(source, imageSize), r -> original.resizedTo(imageSize));
    }

    /**
     * The class count and image shape of {@code source} without loading its images (from the loaded splits when
     * this loader has them): fixed by the format for CIFAR and by the spec for synthetic data, read from the class
     * folders and one image for an image folder (an archive is extracted first, as {@link #load} would).
     */
    public DatasetOutline outline(DatasetSource source) {
        DatasetSplits done = loaded.get(new Request(source, 0));
        if (done != null) {
            return new DatasetOutline(done.numClasses(), done.shape());
        }
        return switch (source.kind()) {
            case SYNTHETIC -> new DatasetOutline(source.synthetic().classes(), SyntheticDataset.shape(source.synthetic()));
            case CIFAR10 -> new DatasetOutline(CifarBinaryReader.Variant.CIFAR10.numClasses, ImageShape.CIFAR);
            case CIFAR100 -> new DatasetOutline(CifarBinaryReader.Variant.CIFAR100.numClasses, ImageShape.CIFAR);
            case IMAGE_FOLDER -> new ImageFolderReader().outline(imageFolderRoot(Path.of(source.path())));
        };
    }

    private DatasetSplits read(DatasetSource source) {
        return switch (source.kind()) {
            case SYNTHETIC -> SyntheticDataset.generate(source.synthetic());
            case CIFAR10 -> new CifarBinaryReader(CifarBinaryReader.Variant.CIFAR10)
                    .read(localOrDownload(source, DatasetDownloader.CIFAR10));
            case CIFAR100 -> new CifarBinaryReader(CifarBinaryReader.Variant.CIFAR100)
                    .read(localOrDownload(source, DatasetDownloader.CIFAR100));
            case IMAGE_FOLDER -> new ImageFolderReader().read(imageFolderRoot(Path.of(source.path())));
        };
    }

    private Path localOrDownload(DatasetSource source, DatasetDownloader.Archive archive) {
        if (source.path() != null && !source.path().isBlank()) {
            return Path.of(source.path());
        }
        Path cached = cacheDir.resolve(archive.fileName());
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        return downloader.orElseThrow(() -> new InvalidDataException("no local copy of " + source.kind().id()
                        + " given, and this loader does not download: give the path of " + archive.fileName()
                        + " (or of its extracted folder), or put the archive at " + cached))
                .fetch(archive);
    }

    /** A folder as is; a {@code .tar.gz} / {@code .tgz} is extracted once below the cache directory. */
    Path imageFolderRoot(Path path) {
        if (Files.isDirectory(path)) {
            return path;
        }
        if (!Files.isRegularFile(path)) {
            throw InvalidDataException.at(path, "no such file or directory");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".tar.gz") && !name.endsWith(".tgz")) {
            throw InvalidDataException.at(path, "unknown format: expected a folder or a .tar.gz of one");
        }
        try {
            // keyed by content, not by modification time: a copied or re-downloaded archive keeps its
            // extraction, and so do the checkpoints whose fingerprints name the dataset
            String key = name.replaceAll("\\.(tar\\.gz|tgz)$", "") + "-" + ContentDigest.ofFile(path);
            Path target = cacheDir.resolve("extracted").resolve(key);
            if (Files.isDirectory(target)) {
                return singleRoot(target);
            }
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempDirectory(target.getParent(), key + ".part");
            try (InputStream in = Files.newInputStream(path)) {
                TarUtils.untar(in, partial, true);
            } catch (IOException | RuntimeException e) {
                deleteTree(partial);
                throw new InvalidDataException(path + ": corrupt or truncated archive (" + e.getMessage() + ")", e);
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                deleteTree(partial);
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                // another worker sharing the cache extracted the same archive first: use its copy
            }
            return singleRoot(target);
        } catch (IOException e) {
            throw new InvalidDataException(path + ": cannot be extracted into " + cacheDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The archive's root: the folder holding train/ and test/, or the class folders of a test-only archive:
     * the extraction dir, or its only child folder when it has nothing else (one folder cannot be a dataset
     * of classes).
     */
    private static Path singleRoot(Path dir) throws IOException {
        if (Files.isDirectory(dir.resolve("train")) || Files.isDirectory(dir.resolve("test"))) {
            return dir;
        }
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.toList();
        }
        Optional<Path> withSplits = children.stream().filter(p -> Files.isDirectory(p.resolve("train"))).findFirst();
        if (withSplits.isPresent()) {
            return withSplits.get();
        }
        return children.size() == 1 && Files.isDirectory(children.get(0)) ? children.get(0) : dir;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LoggerFactory.getLogger(DatasetLoader.class).warn("could not remove {}: {}", dir, e.getMessage());
        }
    }
}
