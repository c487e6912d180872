package dev.lockfree.eventstore.snapshot;

/**
 * A snapshot made durable by {@link FileSystemSnapshotStore#save}.
 *
 * @param fileName the file in the partition directory
 * @param bytes    the size of the file
 */
public record SavedSnapshot(String storeName, int partition, String fileName, long bytes) {
}
