package dev.lockfree.eventstore.snapshot;

/**
 * Observes what a {@link FileSystemSnapshotStore} does to the disk, for metrics and tests. Called on the
 * thread doing the operation, while the partition is locked: keep it fast and never throw.
 */
public interface SnapshotStoreListener {

    SnapshotStoreListener NONE = new SnapshotStoreListener() {
    };

    /** A snapshot file is durable: renamed into place and its directory synced. */
    default void saved(String store, int partition, String file, long bytes) {
    }

    /** A file failed validation and was renamed to {@code file + ".broken"}. */
    default void quarantined(String store, int partition, String file, String reason) {
    }

    /**
     * A snapshot file was passed over without being quarantined: it belongs to an epoch below the partition's
     * epoch marker, or it could not be read (an I/O error that may be transient).
     */
    default void skipped(String store, int partition, String file, String reason) {
    }

    /** A file was deleted: by retention, as an abandoned temp file, or as a snapshot fenced by an epoch marker. */
    default void deleted(String store, int partition, String file) {
    }
}
