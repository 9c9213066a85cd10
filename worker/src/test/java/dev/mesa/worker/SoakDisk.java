package dev.mesa.worker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The soak's store volume and its "full disk". As root where mounting is allowed, the store is a small tmpfs and a
 * full disk is real: a ballast file fills it until {@code ENOSPC}, every write of the workers fails with "No space
 * left on device", and deleting the ballast frees it. Otherwise (not root), the store's directories are made
 * read-only for the same while: writes fail as on an unwritable volume. Root without mount rights gets neither
 * (root ignores permissions): the fault is then skipped and the summary says so.
 */
final class SoakDisk {
    enum Mode { TMPFS, READ_ONLY, NONE }

    private final Path store;
    private final Mode mode;
    private Path ballast;
    private final List<Path> lockedDirs = new ArrayList<>();

    private SoakDisk(Path store, Mode mode) {
        this.store = store;
        this.mode = mode;
    }

    /** Prepares {@code store} (an empty directory): a tmpfs of {@code megabytes} when possible. */
    static SoakDisk prepare(Path store, int megabytes) throws IOException, InterruptedException {
        Files.createDirectories(store);
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root && run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", store.toString())) {
            return new SoakDisk(store, Mode.TMPFS);
        }
        return new SoakDisk(store, root ? Mode.NONE : Mode.READ_ONLY);
    }

    Mode mode() {
        return mode;
    }

    /** Makes the store unwritable: full (tmpfs) or read-only. */
    void fill() throws IOException {
        if (mode == Mode.TMPFS) {
            ballast = store.resolve(".soak-ballast");
            byte[] chunk = new byte[1 << 20];
            try (OutputStream out = Files.newOutputStream(ballast)) {
                while (true) {
                    out.write(chunk);
                }
            } catch (IOException full) {
                if (!full.getMessage().contains("No space left")) {
                    throw full;
                }
            }
        } else if (mode == Mode.READ_ONLY) {
            try (Stream<Path> dirs = Files.walk(store)) {
                for (Path d : dirs.filter(Files::isDirectory).toList()) {
                    Files.setPosixFilePermissions(d, EnumSet.of(PosixFilePermission.OWNER_READ,
                            PosixFilePermission.OWNER_EXECUTE));
                    lockedDirs.add(d);
                }
            }
        }
    }

    /** Gives the space (or the permissions) back. */
    void release() throws IOException {
        if (ballast != null) {
            Files.deleteIfExists(ballast);
            ballast = null;
        }
        Set<PosixFilePermission> rwx = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE);
        for (Path d : lockedDirs) {
            Files.setPosixFilePermissions(d, rwx);
        }
        lockedDirs.clear();
    }

    /** Unmounts the tmpfs (its content goes with it). */
    void dispose() throws IOException, InterruptedException {
        release();
        if (mode == Mode.TMPFS) {
            run("umount", store.toString());
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
