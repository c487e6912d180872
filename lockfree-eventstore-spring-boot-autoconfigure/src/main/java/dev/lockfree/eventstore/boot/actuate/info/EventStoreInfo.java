package dev.lockfree.eventstore.boot.actuate.info;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code eventstore} section of {@code /actuator/info}.
 *
 * @param stores   each store's configuration, by name
 * @param snapshot the snapshot settings ({@code eventstore.snapshot.*})
 */
public record EventStoreInfo(Map<String, Store> stores, Snapshot snapshot) {

    /**
     * The configuration of one store.
     *
     * @param eventType            class name of its events
     * @param partitions           number of partitions
     * @param capacityPerPartition events kept per partition
     * @param capacity             events kept in all
     * @param overflowPolicy       what a full partition does with a new event
     * @param windowTracking       whether appends feed the time buckets
     * @param window               how far back the buckets reach
     * @param bucketWidth          bucket granularity
     * @param snapshotEnabled      whether the store is persisted
     * @param origin               where it was declared
     */
    public record Store(String eventType, int partitions, int capacityPerPartition, long capacity,
                        String overflowPolicy, boolean windowTracking, Duration window, Duration bucketWidth,
                        boolean snapshotEnabled, String origin) {
    }

    /**
     * The snapshot settings.
     *
     * @param enabled          whether snapshots run
     * @param directory        root directory of the snapshots
     * @param interval         time trigger per partition
     * @param minEventsBetween event-count trigger per partition
     * @param keep             snapshots kept per partition
     * @param shutdownTimeout  bound on the final snapshot
     * @param compress         whether payloads are compressed
     */
    public record Snapshot(boolean enabled, String directory, Duration interval, long minEventsBetween, int keep,
                           Duration shutdownTimeout, boolean compress) {
    }
}
