package dev.lockfree.eventstore.snapshot;

import java.io.IOException;

/**
 * A save was refused because the snapshot belongs to an older epoch than the partition's epoch marker: it was
 * captured before a purge or clear that has since been made durable, and writing it would bring purged events
 * back after a restart. Retrying the same snapshot is pointless; capture a new one.
 */
public class StaleSnapshotException extends IOException {

    private static final long serialVersionUID = 1L;

    public StaleSnapshotException(String message) {
        super(message);
    }
}
