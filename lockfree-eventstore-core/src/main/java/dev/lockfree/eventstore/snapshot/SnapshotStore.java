package dev.lockfree.eventstore.snapshot;

import dev.lockfree.eventstore.codec.EventCodec;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where partition snapshots live. {@link FileSystemSnapshotStore} is the production implementation;
 * the interface lets tests and other media plug in.
 */
public interface SnapshotStore {

    /**
     * Durably writes one snapshot (atomic: after a crash either the whole file is there or none). An
     * implementation may leave out events the codec fails on, and then reports them in
     * {@link SavedSnapshot#skipped()} ({@link FileSystemSnapshotStore} does), or fail the save.
     */
    <E> SavedSnapshot save(PartitionSnapshot<E> snapshot, EventCodec<E> codec, boolean compress) throws IOException;

    /**
     * The newest valid snapshot of a partition, falling back to older ones when newer ones are corrupt,
     * and ignoring snapshots older than the partition's epoch marker.
     */
    <E> Optional<PartitionSnapshot<E>> loadLatest(String storeName, int partition, EventCodec<E> codec,
                                                  OptionalInt expectedSchemaVersion) throws IOException;

    /** Keeps the newest {@code keep} valid snapshots of a partition; returns how many files were deleted. */
    int prune(String storeName, int partition, int keep) throws IOException;

    /** Durably records that snapshots with an epoch below {@code epoch} must never be restored. */
    void writeEpochMarker(String storeName, int partition, long epoch) throws IOException;

    /** The partition's epoch marker, if one was written. */
    OptionalLong readEpochMarker(String storeName, int partition) throws IOException;

    /** The partitions that have snapshots in this store, ascending. */
    List<Integer> partitions(String storeName) throws IOException;
}
