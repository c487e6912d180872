package dev.lockfree.eventstore.snapshot;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What {@link Snapshotter#restore()} put back.
 *
 * @param partitionsRestored the partitions that got a snapshot back (after a resize: the partitions that
 *                           received at least one event)
 * @param eventsRestored     the events put back
 * @param duration           how long the restore took
 * @param eventsDropped      events of the snapshots that were not put back because they did not fit: more than
 *                           {@code capacityPerPartition} for one partition (the newest are kept), or room taken
 *                           by events appended before the restore
 * @param resizedFrom        the partition count the snapshots were written with, when the restore re-routed them
 *                           (it differs from the store's, or an interrupted resize was finished); empty otherwise
 * @param snapshotsSkippedForSchema snapshots passed over because their schema version was not the expected one
 *                           ({@link SchemaMismatch#SKIP}); always 0 otherwise, since a mismatch then fails the restore
 */
public record RestoreResult(int partitionsRestored, long eventsRestored, Duration duration, long eventsDropped,
                            OptionalInt resizedFrom, long snapshotsSkippedForSchema) {

    public RestoreResult {
        Objects.requireNonNull(duration, "duration must not be null");
        Objects.requireNonNull(resizedFrom, "resizedFrom must not be null");
        if (snapshotsSkippedForSchema < 0) {
            throw new IllegalArgumentException("snapshotsSkippedForSchema must be >= 0: " + snapshotsSkippedForSchema);
        }
    }

    /** A restore that skipped nothing for its schema. */
    public RestoreResult(int partitionsRestored, long eventsRestored, Duration duration, long eventsDropped,
                         OptionalInt resizedFrom) {
        this(partitionsRestored, eventsRestored, duration, eventsDropped, resizedFrom, 0);
    }

    /** A restore without a resize in which everything fitted. */
    public RestoreResult(int partitionsRestored, long eventsRestored, Duration duration) {
        this(partitionsRestored, eventsRestored, duration, 0, OptionalInt.empty(), 0);
    }
}
