package dev.lockfree.sample.dashboard.sensors;

import java.time.Instant;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreStatistics;
import dev.lockfree.eventstore.boot.snapshot.EventStoreSnapshotLifecycle;
import dev.lockfree.eventstore.boot.snapshot.StoreSnapshots;
import dev.lockfree.eventstore.snapshot.PartitionSnapshotInfo;
import dev.lockfree.eventstore.snapshot.SnapshotterMetrics;

/**
 * The C# seed's SnapshotSensorsApi {@code GET /metrics}: the {@code sensors} store's counters and its snapshot
 * metrics, per partition and in total. It shares the path with the dashboard's {@code POST /metrics} (the two were
 * separate apps in the C# seed); {@code store} says which store the numbers are about. Anonymous like the rest
 * of the sensors API, so it carries counters only, never a snapshot error's text (that may name paths: it stays
 * in the ADMIN-only {@code /actuator/eventstore/sensors}).
 */
@RestController
public class SensorMetricsController {

    private final EventStore<SensorReading> sensors;
    private final ObjectProvider<EventStoreSnapshotLifecycle> snapshots;

    /** @param snapshots the snapshot lifecycle, absent when snapshots are off */
    public SensorMetricsController(EventStore<SensorReading> sensors,
                                   ObjectProvider<EventStoreSnapshotLifecycle> snapshots) {
        this.sensors = sensors;
        this.snapshots = snapshots;
    }

    /**
     * @param appendCount   readings appended since start, restored ones excluded
     * @param droppedCount  readings evicted or rejected since start
     * @param restoredCount readings restored from snapshots at start-up
     * @param retained      readings the store holds now
     */
    public record SensorMetrics(String store, long appendCount, long droppedCount, long restoredCount,
                                long retained, SnapshotMetrics snapshot) {
    }

    /**
     * Totals of the store's snapshotter; {@code enabled} false (and everything empty) when the store is not
     * persisted, {@code running} false before the snapshotter started or after it stopped.
     */
    public record SnapshotMetrics(boolean enabled, boolean running, List<PartitionSnapshotState> partitions,
                                  long droppedJobs, long totalFailedJobs, long stableCaptureFailures,
                                  long totalSnapshots, long bytesWritten, long skippedEvents) {

        static final SnapshotMetrics OFF = new SnapshotMetrics(false, false, List.of(), 0, 0, 0, 0, 0, 0);

        static SnapshotMetrics of(StoreSnapshots persisted) {
            if (persisted == null) {
                return OFF;
            }
            SnapshotterMetrics metrics = persisted.metrics().orElse(null);
            if (metrics == null) {
                return new SnapshotMetrics(true, persisted.isRunning(), List.of(), 0, 0, 0, 0, 0, 0);
            }
            return new SnapshotMetrics(true, persisted.isRunning(),
                    metrics.partitions().stream().map(PartitionSnapshotState::of).toList(), metrics.droppedJobs(),
                    metrics.totalFailedJobs(), metrics.stableCaptureFailures(), metrics.totalSnapshots(),
                    metrics.bytesWritten(), metrics.skippedEvents());
        }
    }

    /**
     * One partition's snapshot state (the C# seed's {@code PartitionSnapshotInfo}); versions are the durable
     * per-partition sequences, -1 when there is none yet; instants {@code null} when there is none.
     */
    public record PartitionSnapshotState(int partition, long lastVersion, Instant lastSnapshotAt,
                                    long eventsSinceLastSnapshot, int lastSaveAttempts, long successCount,
                                    long failedCount, long stableCaptureFailedCount, long headVersion,
                                    int currentBuffered, int consecutiveFailures, Instant pendingSince,
                                    long skippedEvents) {

        static PartitionSnapshotState of(PartitionSnapshotInfo info) {
            return new PartitionSnapshotState(info.partition(), info.lastVersion(),
                    info.lastSnapshotAt().orElse(null), info.eventsSinceLastSnapshot(), info.lastSaveAttempts(),
                    info.successCount(), info.failedCount(),
                    info.stableCaptureFailedCount(), info.headVersion(), info.currentBuffered(),
                    info.consecutiveFailures(), info.pendingSince().orElse(null), info.skippedEvents());
        }
    }

    @GetMapping("/metrics")
    public SensorMetrics metrics() {
        EventStoreStatistics stats = sensors.statistics();
        StoreSnapshots persisted = EventStoreSnapshotLifecycle.snapshotsOf(snapshots.getIfAvailable(),
                SensorController.STORE);
        return new SensorMetrics(SensorController.STORE, stats.totalAppended(),
                stats.totalDiscarded() + stats.totalRejected(), stats.totalRestored(), stats.count(),
                SnapshotMetrics.of(persisted));
    }
}
