package dev.lockfree.eventstore.boot.actuate.endpoint;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Snapshot persistence of one store. When {@code enabled} is false the store is not persisted (snapshots
 * are off, globally or for this store) and the other values are zero or null.
 *
 * @param enabled             whether the store is persisted
 * @param running             whether periodic snapshots run now
 * @param lastSnapshot        newest successful snapshot (written or restored) of any partition
 * @param ageSeconds          seconds since {@code lastSnapshot}
 * @param pendingEvents       events appended since the last snapshot of their partition
 * @param pendingSince        since when the longest-waiting partition has unsnapshotted changes
 * @param snapshots           successful saves since start-up
 * @param failures            saves that failed after their retries, since start-up
 * @param consecutiveFailures the most saves in a row that failed for one partition
 * @param droppedJobs         triggers that found the snapshot queue full (retried at the next tick)
 * @param bytesWritten        bytes written by all saves since start-up
 * @param lastSizeBytes       size of the newest snapshot of every partition, summed
 * @param lastError           the newest failure: operation, partition and error
 */
public record SnapshotDescriptor(boolean enabled, boolean running, @Nullable Instant lastSnapshot,
                                 @Nullable Long ageSeconds, long pendingEvents, @Nullable Instant pendingSince,
                                 long snapshots, long failures, int consecutiveFailures, long droppedJobs,
                                 long bytesWritten, long lastSizeBytes, @Nullable String lastError) {

    static SnapshotDescriptor disabled() {
        return new SnapshotDescriptor(false, false, null, null, 0, null, 0, 0, 0, 0, 0, 0, null);
    }
}
