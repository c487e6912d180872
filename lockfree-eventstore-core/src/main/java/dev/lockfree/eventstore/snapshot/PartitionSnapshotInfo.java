package dev.lockfree.eventstore.snapshot;

import java.time.Instant;
import java.util.Optional;

/**
 * Snapshot state of one partition.
 *
 * @param lastVersion          last sequence of the newest snapshot written or restored, -1 when none
 * @param headVersion          last sequence appended to the partition, -1 before the first
 * @param currentBuffered      events retained by the partition now
 * @param consecutiveFailures  saves that failed (after their retries) since the last successful one
 * @param pendingSince         when the periodic trigger first saw changes that are still not snapshotted
 *                             (store clock, at tick resolution); empty when there are none or before
 *                             {@link Snapshotter#start()}. A partition pending for much longer than the
 *                             interval is not being persisted.
 * @param skippedEvents        events left out of this partition's snapshots because the codec failed on them
 *                             (every other event was written), since this snapshotter was created; each event
 *                             (sequence) counts once, however many snapshots leave it out
 */
public record PartitionSnapshotInfo(int partition, long lastVersion, Optional<Instant> lastSnapshotAt,
                                    long eventsSinceLastSnapshot, int lastSaveAttempts, long successCount,
                                    long failedCount, long stableCaptureFailedCount, long headVersion,
                                    int currentBuffered, int consecutiveFailures, Optional<Instant> pendingSince,
                                    long skippedEvents) {
}
