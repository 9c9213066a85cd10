package dev.mesa.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A file could not be written (a full disk, a quota, an unwritable or missing directory). The file's previous
 * content, if any, is untouched ({@link DurableFiles}), so the write can simply be tried again later.
 */
public class FileWriteException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    public FileWriteException(String message, IOException cause) {
        super(message, cause);
    }

    /** Whether the disk (or a quota) is full: {@code ENOSPC} or {@code EDQUOT}. */
    public boolean diskFull() {
        return DurableFiles.isDiskFull(this);
    }
}
