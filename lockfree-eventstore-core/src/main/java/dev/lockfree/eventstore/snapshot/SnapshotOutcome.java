package dev.lockfree.eventstore.snapshot;

/**
 * What an operation did: the C# seed's {@code snapshot.save} tags (partition, version, bytes,
 * attempts, outcome) and {@code snapshot.prune} tags (deleted, kept).
 *
 * @param outcome  {@code success}, {@code failure}, {@code stable-capture-failed} or {@code stale} (a
 *                 clear/purge overtook the save; the partition is written again at the next pass)
 * @param version  last sequence of the snapshot written or restored, -1 when none
 * @param events   events written or restored
 * @param deleted  files deleted by a prune
 * @param kept     snapshots a prune keeps
 */
public record SnapshotOutcome(SnapshotOperation operation, String storeName, int partition, String outcome,
                              long version, long bytes, int attempts, long events, int deleted, int kept) {

    static SnapshotOutcome save(String store, int partition, String outcome, long version, long bytes, int attempts,
                                long events) {
        return new SnapshotOutcome(SnapshotOperation.SAVE, store, partition, outcome, version, bytes, attempts, events, 0, 0);
    }
}
