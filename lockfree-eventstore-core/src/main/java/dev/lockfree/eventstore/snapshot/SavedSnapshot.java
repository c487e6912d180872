package dev.lockfree.eventstore.snapshot;

import java.util.List;

/**
 * A snapshot made durable by {@link SnapshotStore#save}.
 *
 * @param fileName the file in the partition directory
 * @param bytes    the size of the file
 * @param skipped  events of the snapshot that the codec could not encode and that the file therefore does not
 *                 hold, in ascending {@link SkippedEvent#index()} order; empty when every event was written
 */
public record SavedSnapshot(String storeName, int partition, String fileName, long bytes, List<SkippedEvent> skipped) {

    public SavedSnapshot {
        skipped = List.copyOf(skipped);
    }

    /** A snapshot that holds every event it was given. */
    public SavedSnapshot(String storeName, int partition, String fileName, long bytes) {
        this(storeName, partition, fileName, bytes, List.of());
    }
}
