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

    /**
     * {@link #loadLatest(String, int, EventCodec, OptionalInt)} among the snapshots whose last sequence is below
     * {@code belowSequence} only; newer ones are left alone (neither read nor quarantined). A restore uses it to
     * pass over what an interrupted resize left behind (see {@link SnapshotLayout}).
     *
     * @throws UnsupportedOperationException by default, unless {@code belowSequence} is {@code Long.MAX_VALUE}
     */
    default <E> Optional<PartitionSnapshot<E>> loadLatest(String storeName, int partition, EventCodec<E> codec,
                                                          OptionalInt expectedSchemaVersion, long belowSequence)
            throws IOException {
        if (belowSequence == Long.MAX_VALUE) {
            return loadLatest(storeName, partition, codec, expectedSchemaVersion);
        }
        throw new UnsupportedOperationException(getClass().getName() + " cannot load snapshots below a sequence");
    }

    /**
     * The newest valid snapshot of a partition whose schema version is {@code schemaVersion}, passing over (and
     * counting, never quarantining or deleting) newer valid snapshots of other versions, among the snapshots whose
     * last sequence is below {@code belowSequence}. Used for {@link SchemaMismatch#SKIP}.
     *
     * <p>The default looks at the newest snapshot only, decoded with {@code codec} before its schema is checked:
     * when it has another version, nothing is restored and it counts as skipped. A store that can read the schema
     * version without decoding (as {@link FileSystemSnapshotStore} does) should override this and fall back to
     * older snapshots of the right version.
     */
    default <E> LoadedSnapshot<E> loadLatestOfSchema(String storeName, int partition, EventCodec<E> codec,
                                                    int schemaVersion, long belowSequence) throws IOException {
        Optional<PartitionSnapshot<E>> newest = loadLatest(storeName, partition, codec, OptionalInt.empty(),
                belowSequence);
        if (newest.isPresent() && newest.get().schemaVersion() != schemaVersion) {
            return new LoadedSnapshot<>(Optional.empty(), 1, newest.get().lastSequence());
        }
        return LoadedSnapshot.of(newest);
    }

    /** The store's recorded partition layout, if one was written. Empty by default. */
    default Optional<SnapshotLayout> readLayout(String storeName) throws IOException {
        return Optional.empty();
    }

    /**
     * Durably and atomically records the store's partition layout: after a crash either the old or the new
     * layout is in place.
     *
     * @throws UnsupportedOperationException by default: such a store can only be restored into a store of the
     *                                       partition count it was written with
     */
    default void writeLayout(String storeName, SnapshotLayout layout) throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " cannot record a partition layout");
    }

    /**
     * Moves the snapshots of a partition that is no longer part of the store's layout out of the way (kept under
     * another name with {@code suffix}, never deleted). Does nothing by default.
     */
    default void retirePartition(String storeName, int partition, String suffix) throws IOException {
    }
}
