package dev.lockfree.eventstore.snapshot;

import java.util.List;

/**
 * Snapshot counters of one store: per partition, and totals.
 *
 * @param droppedJobs        triggers that found the job queue full (the partition is retried at the next tick)
 * @param markerFailures     epoch markers that could not be written after a clear/purge
 * @param skippedEvents      events left out of snapshots because the codec failed on them, the sum of
 *                           {@link PartitionSnapshotInfo#skippedEvents()}
 * @param snapshotsSkippedForSchema snapshots that restores passed over because of their schema version
 *                           ({@link SchemaMismatch#SKIP}), since this snapshotter was created
 */
public record SnapshotterMetrics(List<PartitionSnapshotInfo> partitions, long droppedJobs, long totalFailedJobs,
                                 long stableCaptureFailures, long totalSnapshots, long bytesWritten,
                                 long markerFailures, long skippedEvents, long snapshotsSkippedForSchema) {

    public SnapshotterMetrics {
        partitions = List.copyOf(partitions);
    }

    /** Metrics of a snapshotter whose restores skipped nothing for its schema. */
    public SnapshotterMetrics(List<PartitionSnapshotInfo> partitions, long droppedJobs, long totalFailedJobs,
                              long stableCaptureFailures, long totalSnapshots, long bytesWritten,
                              long markerFailures, long skippedEvents) {
        this(partitions, droppedJobs, totalFailedJobs, stableCaptureFailures, totalSnapshots, bytesWritten,
                markerFailures, skippedEvents, 0);
    }
}
