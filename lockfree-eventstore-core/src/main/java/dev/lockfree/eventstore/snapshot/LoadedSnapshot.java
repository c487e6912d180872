package dev.lockfree.eventstore.snapshot;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SnapshotStore#loadLatestOfSchema} found for one partition.
 *
 * @param snapshot               the newest valid snapshot of the requested schema version, if any
 * @param skippedForSchema       newer valid snapshots passed over because they have another schema version
 * @param highestSkippedSequence the highest last sequence among those, {@code -1} when none was skipped: the
 *                               partition must continue above it, or its next snapshots would rank below them
 * @param <E>                    the event type
 */
public record LoadedSnapshot<E>(Optional<PartitionSnapshot<E>> snapshot, int skippedForSchema,
                                long highestSkippedSequence) {

    public LoadedSnapshot {
        Objects.requireNonNull(snapshot, "snapshot must not be null");
        if (skippedForSchema < 0) {
            throw new IllegalArgumentException("skippedForSchema must be >= 0: " + skippedForSchema);
        }
        if ((skippedForSchema == 0) != (highestSkippedSequence == -1) || highestSkippedSequence < -1) {
            throw new IllegalArgumentException("highestSkippedSequence must be -1 exactly when nothing was skipped: "
                    + skippedForSchema + " skipped, highest " + highestSkippedSequence);
        }
    }

    /** A plain load: the snapshot, nothing skipped. */
    public static <E> LoadedSnapshot<E> of(Optional<PartitionSnapshot<E>> snapshot) {
        return new LoadedSnapshot<>(snapshot, 0, -1);
    }
}
