package dev.lockfree.eventstore.snapshot;

import java.nio.file.FileSystemException;

/**
 * A snapshot directory is refused: it is a symbolic link, not a directory, or writable by group or others
 * (anyone who can write there could plant or replace snapshots).
 */
public class UnsafeDirectoryException extends FileSystemException {

    private static final long serialVersionUID = 1L;

    public UnsafeDirectoryException(String directory, String reason) {
        super(directory, null, "refusing to use this snapshot directory: " + reason);
    }
}
