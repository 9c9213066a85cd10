package dev.mesa.data;

import java.util.Locale;

/**
 * Where a dataset comes from. {@code path} is a CIFAR binary archive or folder, or an image-folder root
 * (or a {@code .tar.gz} of one); {@code synthetic} describes a generated dataset.
 */
public record DatasetSource(Kind kind, String path, SyntheticDataset.Spec synthetic) {
    /** Supported dataset formats. */
    public enum Kind {
        CIFAR10("cifar10"), CIFAR100("cifar100"), IMAGE_FOLDER("image-folder"), SYNTHETIC("synthetic");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Kind parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Kind k : values()) {
                if (k.id.equals(t)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown dataset kind '" + text
                    + "': expected one of cifar10, cifar100, image-folder, synthetic");
        }
    }

    public DatasetSource {
        if (kind == null) {
            throw new IllegalArgumentException("dataset kind is required");
        }
        if (kind == Kind.IMAGE_FOLDER && (path == null || path.isBlank())) {
            throw new IllegalArgumentException("an image-folder dataset needs a path");
        }
        if (kind == Kind.SYNTHETIC && synthetic == null) {
            synthetic = SyntheticDataset.Spec.tiny();
        }
    }

    public static DatasetSource synthetic(SyntheticDataset.Spec spec) {
        return new DatasetSource(Kind.SYNTHETIC, null, spec);
    }

    public static DatasetSource imageFolder(String path) {
        return new DatasetSource(Kind.IMAGE_FOLDER, path, null);
    }

    /** A short stable description used in cache keys and reports. */
    public String describe() {
        return switch (kind) {
            case SYNTHETIC -> "synthetic:" + synthetic;
            default -> kind.id() + ":" + (path == null ? "<download>" : path);
        };
    }
}
