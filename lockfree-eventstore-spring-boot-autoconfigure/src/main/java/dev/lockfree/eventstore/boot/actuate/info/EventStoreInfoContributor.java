package dev.lockfree.eventstore.boot.actuate.info;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.lockfree.eventstore.boot.OverflowPolicyValues;
import dev.lockfree.eventstore.EventStoreOptions;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.snapshot.EventStoreSnapshotLifecycle;
import dev.lockfree.eventstore.snapshot.SnapshotOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds an {@code eventstore} section to {@code /actuator/info}: each store's configuration and the
 * snapshot settings ({@link EventStoreInfo}).
 */
public class EventStoreInfoContributor implements InfoContributor {

    private final EventStoreRegistry registry;
    private final Path directory;
    private final SnapshotOptions snapshot;
    private final @Nullable EventStoreSnapshotLifecycle lifecycle;

    /**
     * @param directory the snapshot directory ({@code eventstore.snapshot.directory})
     * @param snapshot  the snapshot settings ({@code eventstore.snapshot.*}), shown even when snapshots are off
     * @param lifecycle the snapshot lifecycle, {@code null} when snapshots are off
     */
    public EventStoreInfoContributor(EventStoreRegistry registry, Path directory, SnapshotOptions snapshot,
                                     @Nullable EventStoreSnapshotLifecycle lifecycle) {
        this.registry = registry;
        this.directory = directory;
        this.snapshot = snapshot;
        this.lifecycle = lifecycle;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("eventstore", info());
    }

    /** What {@link #contribute} adds. */
    public EventStoreInfo info() {
        Map<String, EventStoreInfo.Store> stores = new LinkedHashMap<>();
        for (EventStoreRegistry.Entry<?> entry : registry.entries()) {
            EventStoreOptions<?> options = entry.store().options();
            boolean persisted = EventStoreSnapshotLifecycle.snapshotsOf(lifecycle, entry.name()) != null;
            stores.put(entry.name(), new EventStoreInfo.Store(entry.eventType().getName(), options.partitions(),
                    options.capacityPerPartition(), options.totalCapacity(),
                    OverflowPolicyValues.of(options.overflowPolicy()),
                    options.windowTracking(), options.windowSize(), options.bucketWidth(), persisted, entry.origin()));
        }
        EventStoreInfo.Snapshot settings = new EventStoreInfo.Snapshot(lifecycle != null,
                directory.toString(), snapshot.interval(), snapshot.minEventsBetweenSnapshots(),
                snapshot.snapshotsToKeep(), snapshot.finalSnapshotTimeout(), snapshot.compress());
        return new EventStoreInfo(stores, settings);
    }
}
