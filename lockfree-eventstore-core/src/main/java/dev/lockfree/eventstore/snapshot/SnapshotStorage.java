package dev.lockfree.eventstore.snapshot;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * The narrow seam through which {@link FileSystemSnapshotStore} does all its I/O: one instance is one
 * directory. Production uses {@link NioSnapshotStorage}; tests use an in-memory fake that models what is
 * durable after a power loss and injects I/O errors at any call.
 *
 * <p>Names are single path elements chosen by the store (never user input).
 */
public interface SnapshotStorage {

    /** Names of the entries of this directory that are not directories (files, symbolic links, ...). */
    List<String> list() throws IOException;

    /** Names of the subdirectories of this directory (real directories only, links are not followed). */
    List<String> listDirectories() throws IOException;

    /**
     * Opens a subdirectory, creating it when {@code create} is set (mode 0700, and the new entry is made
     * durable by syncing this directory).
     *
     * @return empty when it does not exist and {@code create} is false
     * @throws UnsafeDirectoryException when it is a symbolic link, not a directory, or group/world-writable
     */
    Optional<SnapshotStorage> directory(String name, boolean create) throws IOException;

    /**
     * Creates a new file for writing, failing if the name exists (so a planted file or link is never written
     * through); mode 0600.
     */
    WritableFile create(String name) throws IOException;

    /**
     * Renames atomically within this directory, replacing {@code to} if it exists (POSIX {@code rename(2)}
     * semantics); never falls back to a copy. The rename is durable only after {@link #syncDirectory()}.
     */
    void atomicRename(String from, String to) throws IOException;

    /** Makes the entries of this directory (creations, renames, deletions) durable. */
    void syncDirectory() throws IOException;

    /**
     * Opens a file for reading without following symbolic links.
     *
     * @throws java.nio.file.NoSuchFileException when it does not exist
     * @throws CorruptSnapshotException          when it is not a regular file (for instance a planted link)
     */
    ReadableFile open(String name) throws IOException;

    /** Deletes a file (a link itself, never its target). Durable only after {@link #syncDirectory()}. */
    void delete(String name) throws IOException;

    /** For messages: where this directory is. */
    String describe();

    /** A file being written. Its content is durable only after {@link #sync()}. */
    interface WritableFile extends Closeable {
        /** Writes all remaining bytes of the buffer. */
        void write(ByteBuffer bytes) throws IOException;

        /** Forces content and metadata to the device. Never retried by callers after a failure. */
        void sync() throws IOException;
    }

    /** A file being read. */
    interface ReadableFile extends Closeable {
        long size() throws IOException;

        /** Reads up to {@code dst.remaining()} bytes; -1 at the end. */
        int read(ByteBuffer dst) throws IOException;
    }
}
