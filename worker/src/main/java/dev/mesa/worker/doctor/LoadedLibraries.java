package dev.mesa.worker.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The shared libraries mapped into this process ({@code /proc/self/maps}): what was really loaded, whatever
 * {@code LD_PRELOAD} or the library path say (a preload that ld.so could not find is only a warning on stderr).
 */
public record LoadedLibraries(List<Path> files) {
    private static final Path MAPS = Path.of("/proc/self/maps");

    public LoadedLibraries {
        files = List.copyOf(files);
    }

    /** This process's libraries; none where {@code /proc} is missing (not Linux). */
    public static LoadedLibraries current() {
        if (!Files.isReadable(MAPS)) {
            return new LoadedLibraries(List.of());
        }
        try (Stream<String> lines = Files.lines(MAPS)) {
            return parse(lines);
        } catch (IOException e) {
            return new LoadedLibraries(List.of());
        }
    }

    /**
     * From the lines of a maps file ({@code address perms offset dev inode path}): each mapped {@code .so} file
     * once, in order.
     */
    public static LoadedLibraries parse(Stream<String> mapsLines) {
        Set<Path> files = new LinkedHashSet<>();
        mapsLines.forEach(line -> {
            String[] fields = line.trim().split("\\s+", 6);
            if (fields.length == 6 && fields[5].startsWith("/") && fields[5].contains(".so")) {
                files.add(Path.of(fields[5].strip()));
            }
        });
        return new LoadedLibraries(List.copyOf(files));
    }

    /** The first loaded library whose file name starts with {@code prefix} ({@code libtcmalloc}, {@code libtorch_cuda}). */
    public Optional<Path> named(String prefix) {
        return files.stream().filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst();
    }
}
