package dev.lockfree.eventstore.snapshot;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@link Snapshotter#restorePartition(int)} put back into one partition.
 *
 * @param partition      the partition
 * @param eventsRestored events put back (0 when there was no valid, unfenced snapshot)
 * @param eventsDropped  events of the snapshot that did not fit (the newest are kept)
 * @param sourcePosition the source position (e.g. Kafka offset) of the newest restored event, as the snapshot
 *                       recorded it with the events; empty when nothing was restored or the snapshot had none.
 *                       A feed resumes at the position right after it.
 * @param takenAt        when the restored snapshot was taken, if one was
 * @param snapshotsSkippedForSchema newer snapshots passed over because of their schema version
 *                       ({@link SchemaMismatch#SKIP})
 */
public record PartitionRestore(int partition, int eventsRestored, int eventsDropped, OptionalLong sourcePosition,
                               Optional<Instant> takenAt, int snapshotsSkippedForSchema) {

    public PartitionRestore {
        Objects.requireNonNull(sourcePosition, "sourcePosition must not be null");
        Objects.requireNonNull(takenAt, "takenAt must not be null");
        if (snapshotsSkippedForSchema < 0) {
            throw new IllegalArgumentException("snapshotsSkippedForSchema must be >= 0: " + snapshotsSkippedForSchema);
        }
    }

    /** A partition restore that skipped nothing for its schema. */
    public PartitionRestore(int partition, int eventsRestored, int eventsDropped, OptionalLong sourcePosition,
                            Optional<Instant> takenAt) {
        this(partition, eventsRestored, eventsDropped, sourcePosition, takenAt, 0);
    }
}
