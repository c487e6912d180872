package dev.lockfree.eventstore.boot.actuate.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lockfree.eventstore.boot.OverflowPolicyValues;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreStatistics;
import dev.lockfree.eventstore.PartitionStatistics;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.snapshot.EventStoreSnapshotLifecycle;
import dev.lockfree.eventstore.boot.snapshot.StoreSnapshots;
import dev.lockfree.eventstore.snapshot.PartitionSnapshotInfo;
import dev.lockfree.eventstore.snapshot.SnapshotterMetrics;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code eventstore} Actuator endpoint: counters and snapshot state of every store, and a snapshot on
 * demand. Reads are permitted by default; the write operation needs
 * {@code management.endpoint.eventstore.access=unrestricted}.
 *
 * <ul>
 * <li>{@code GET /actuator/eventstore}: {@link EventStoresDescriptor}</li>
 * <li>{@code GET /actuator/eventstore/{store}}: {@link StoreDetailsDescriptor}; 404 for an unknown store</li>
 * <li>{@code POST /actuator/eventstore/{store}}: writes every changed partition now,
 *     {@link SnapshotTakenDescriptor}; over HTTP 404 for an unknown store and 409 when the store is not
 *     persisted ({@link EventStoreEndpointWebExtension})</li>
 * </ul>
 */
@Endpoint(id = EventStoreEndpoint.ID, defaultAccess = Access.READ_ONLY)
public class EventStoreEndpoint {

    public static final String ID = "eventstore";

    private final EventStoreRegistry registry;
    private final @Nullable EventStoreSnapshotLifecycle snapshots;
    private final KafkaDescriptorSource kafka;

    /**
     * @param snapshots the snapshot lifecycle, or {@code null} when snapshots are off
     *                  ({@code eventstore.snapshot.enabled=false})
     */
    public EventStoreEndpoint(EventStoreRegistry registry, @Nullable EventStoreSnapshotLifecycle snapshots) {
        this(registry, snapshots, store -> null);
    }

    /**
     * @param snapshots the snapshot lifecycle, or {@code null} when snapshots are off
     * @param kafka     the {@code kafka} section of the stores fed by a Kafka topic
     */
    public EventStoreEndpoint(EventStoreRegistry registry, @Nullable EventStoreSnapshotLifecycle snapshots,
                              KafkaDescriptorSource kafka) {
        this.registry = registry;
        this.snapshots = snapshots;
        this.kafka = kafka;
    }

    @ReadOperation
    public EventStoresDescriptor stores() {
        Map<String, StoreDescriptor> stores = new LinkedHashMap<>();
        for (EventStoreRegistry.Entry<?> entry : registry.entries()) {
            StoreSnapshots persisted = persisted(entry.name());
            SnapshotterMetrics metrics = metricsOf(persisted);
            stores.put(entry.name(), summary(entry, entry.store().statistics(), persisted, metrics));
        }
        return new EventStoresDescriptor(stores);
    }

    /** The store with one entry per partition, or {@code null} (404 over HTTP) for an unknown store. */
    @ReadOperation
    public @Nullable StoreDetailsDescriptor store(@Selector String store) {
        if (!registry.contains(store)) {
            return null;
        }
        EventStoreRegistry.Entry<?> entry = registry.entry(store);
        EventStoreStatistics statistics = entry.store().statistics();
        StoreSnapshots persisted = persisted(store);
        SnapshotterMetrics metrics = metricsOf(persisted);
        List<PartitionDescriptor> partitions = new ArrayList<>(statistics.partitions().size());
        for (PartitionStatistics p : statistics.partitions()) {
            PartitionSnapshotDescriptor snapshot = null;
            if (metrics != null && p.partition() < metrics.partitions().size()) {
                PartitionSnapshotInfo info = metrics.partitions().get(p.partition());
                snapshot = new PartitionSnapshotDescriptor(info.lastVersion(), info.headVersion(),
                        info.lastSnapshotAt().orElse(null), info.eventsSinceLastSnapshot(),
                        info.pendingSince().orElse(null), info.successCount(), info.failedCount(),
                        info.consecutiveFailures(), info.lastSaveAttempts(), info.skippedEvents());
            }
            partitions.add(new PartitionDescriptor(p.partition(), p.capacity(), p.count(), p.isFull(), p.appended(),
                    p.discarded(), p.rejected(), p.removed(), p.lateEvents(), snapshot));
        }
        return StoreDetailsDescriptor.of(store, summary(entry, statistics, persisted, metrics),
                statistics.totalPurged(), statistics.totalCleared(), partitions, kafka.kafka(store));
    }

    /**
     * Writes every changed partition of the store now, on the calling thread.
     *
     * @throws IllegalArgumentException for an unknown store
     * @throws IllegalStateException    when the store is not persisted or snapshots are not running
     */
    @WriteOperation
    public SnapshotTakenDescriptor snapshot(@Selector String store) {
        if (!registry.contains(store)) {
            throw new IllegalArgumentException("No event store named '" + store + "'; known stores: "
                    + registry.names());
        }
        StoreSnapshots persisted = persisted(store);
        if (persisted == null) {
            throw new IllegalStateException("Event store '" + store + "' is not persisted: " + (snapshots == null
                    ? "snapshots are off (eventstore.snapshot.enabled=false)"
                    : "eventstore.stores." + store + ".snapshot.enabled=false"));
        }
        int written = persisted.snapshotNow();
        EventStoreRegistry.Entry<?> entry = registry.entry(store);
        return new SnapshotTakenDescriptor(store, written,
                snapshot(entry.store(), persisted, metricsOf(persisted)));
    }

    boolean contains(String store) {
        return registry.contains(store);
    }

    private @Nullable StoreSnapshots persisted(String store) {
        return EventStoreSnapshotLifecycle.snapshotsOf(snapshots, store);
    }

    private static @Nullable SnapshotterMetrics metricsOf(@Nullable StoreSnapshots persisted) {
        return persisted == null ? null : persisted.metrics().orElse(null);
    }

    private static StoreDescriptor summary(EventStoreRegistry.Entry<?> entry, EventStoreStatistics s,
                                           @Nullable StoreSnapshots persisted,
                                           @Nullable SnapshotterMetrics metrics) {
        EventStore<?> store = entry.store();
        boolean full = s.partitions().stream().allMatch(PartitionStatistics::isFull);
        return new StoreDescriptor(entry.eventType().getName(), store.options().totalCapacity(), store.partitions(),
                s.count(), full, OverflowPolicyValues.of(store.options().overflowPolicy()),
                s.totalAppended(), s.totalDiscarded(), s.totalRejected(), s.lateEvents(), s.totalRestored(),
                s.appendsPerSecond(), s.lastAppendTime().orElse(null), snapshot(store, persisted, metrics));
    }

    private static SnapshotDescriptor snapshot(EventStore<?> store, @Nullable StoreSnapshots s,
                                               @Nullable SnapshotterMetrics metrics) {
        if (s == null) {
            return SnapshotDescriptor.disabled();
        }
        String lastError = s.lastFailure().map(StoreSnapshots.Failure::describe).orElse(null);
        if (metrics == null) {
            return new SnapshotDescriptor(true, s.isRunning(), null, null, 0, null, 0, 0, 0, 0, 0,
                    s.lastSnapshotBytes(), lastError);
        }
        Clock clock = store.options().clock();
        Instant last = StoreSnapshots.lastSnapshotAt(metrics).orElse(null);
        Long age = last == null ? null : Math.max(0, Duration.between(last, clock.instant()).toSeconds());
        return new SnapshotDescriptor(true, s.isRunning(), last, age, StoreSnapshots.pendingEvents(metrics),
                StoreSnapshots.oldestPendingChange(metrics).orElse(null), metrics.totalSnapshots(),
                metrics.totalFailedJobs(), StoreSnapshots.consecutiveFailures(metrics), metrics.droppedJobs(),
                metrics.bytesWritten(), s.lastSnapshotBytes(), lastError);
    }
}
