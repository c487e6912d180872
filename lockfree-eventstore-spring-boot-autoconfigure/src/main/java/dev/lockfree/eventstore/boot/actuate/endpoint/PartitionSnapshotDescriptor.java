package dev.lockfree.eventstore.boot.actuate.endpoint;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Snapshot state of one partition.
 *
 * @param lastVersion         last sequence in its newest snapshot, -1 when none
 * @param headVersion         last sequence appended to it, -1 before the first
 * @param lastSnapshot        when its newest snapshot was taken
 * @param pendingEvents       events appended since that snapshot
 * @param pendingSince        since when those changes wait (first seen by the periodic trigger)
 * @param snapshots           successful saves
 * @param failures            saves that failed after their retries
 * @param consecutiveFailures saves in a row that failed since the last success
 * @param lastSaveAttempts    attempts of the newest save
 * @param skippedEvents       events left out of its snapshots because the codec failed on them (each counted
 *                            once; the other events were written)
 */
public record PartitionSnapshotDescriptor(long lastVersion, long headVersion, @Nullable Instant lastSnapshot,
                                          long pendingEvents, @Nullable Instant pendingSince, long snapshots,
                                          long failures, int consecutiveFailures, int lastSaveAttempts,
                                          long skippedEvents) {
}
