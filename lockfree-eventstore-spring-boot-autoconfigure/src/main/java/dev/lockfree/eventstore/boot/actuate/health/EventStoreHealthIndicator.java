package dev.lockfree.eventstore.boot.actuate.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreStatistics;
import dev.lockfree.eventstore.PartitionStatistics;
import dev.lockfree.eventstore.boot.snapshot.StoreSnapshots;
import dev.lockfree.eventstore.snapshot.SnapshotterMetrics;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of one store. An in-memory store has nothing to go DOWN about except its persistence, so it is
 * DOWN only when
 * <ul>
 * <li>the saves of one partition failed {@code maxConsecutiveFailures} times in a row, or</li>
 * <li>changes of a partition have waited longer than {@code maxSnapshotAge} to be snapshotted.</li>
 * </ul>
 * A full store is normal operation (the overflow policy applies) and shows as the {@code full} detail.
 * Stores that are not persisted are always UP, with their counters as details.
 */
public class EventStoreHealthIndicator implements HealthIndicator {

    private final EventStore<?> store;
    private final @Nullable StoreSnapshots snapshots;
    private final int maxConsecutiveFailures;
    private final @Nullable Duration maxSnapshotAge;

    /**
     * @param snapshots              the store's persistence, {@code null} when it is not persisted
     * @param maxConsecutiveFailures failed saves in a row that make the store DOWN, at least 1
     * @param maxSnapshotAge         how long changes may wait unsnapshotted, {@code null} for no bound
     */
    public EventStoreHealthIndicator(EventStore<?> store, @Nullable StoreSnapshots snapshots,
                                     int maxConsecutiveFailures, @Nullable Duration maxSnapshotAge) {
        if (maxConsecutiveFailures < 1) {
            throw new IllegalArgumentException("maxConsecutiveFailures must be >= 1 but was " + maxConsecutiveFailures);
        }
        this.store = store;
        this.snapshots = snapshots;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
        this.maxSnapshotAge = maxSnapshotAge;
    }

    @Override
    public Health health() {
        EventStoreStatistics statistics = store.statistics();
        long fullPartitions = statistics.partitions().stream().filter(PartitionStatistics::isFull).count();
        Health.Builder health = Health.up()
                .withDetail("capacity", store.options().totalCapacity())
                .withDetail("buffered", statistics.count())
                .withDetail("full", fullPartitions == statistics.partitions().size())
                .withDetail("fullPartitions", fullPartitions)
                .withDetail("rejected", statistics.totalRejected())
                .withDetail("snapshotEnabled", snapshots != null);
        if (snapshots == null) {
            return health.build();
        }
        health.withDetail("snapshotRunning", snapshots.isRunning());
        Optional<SnapshotterMetrics> metrics = snapshots.metrics();
        if (metrics.isEmpty()) {
            return health.build(); // not started yet: nothing can have failed
        }
        int consecutiveFailures = StoreSnapshots.consecutiveFailures(metrics.get());
        Optional<Instant> lastSnapshot = StoreSnapshots.lastSnapshotAt(metrics.get());
        Optional<Instant> pendingSince = StoreSnapshots.oldestPendingChange(metrics.get());
        health.withDetail("consecutiveFailures", consecutiveFailures)
                .withDetail("maxConsecutiveFailures", maxConsecutiveFailures);
        lastSnapshot.ifPresent(at -> health.withDetail("lastSnapshot", at.toString()));
        pendingSince.ifPresent(at -> health.withDetail("pendingSince", at.toString()));
        if (maxSnapshotAge != null) {
            health.withDetail("maxSnapshotAge", maxSnapshotAge.toString());
        }
        snapshots.lastFailure().ifPresent(f -> health.withDetail("lastError", f.describe()));
        if (consecutiveFailures >= maxConsecutiveFailures) {
            return health.down().withDetail("reason", "snapshots of a partition failed " + consecutiveFailures
                    + " times in a row").build();
        }
        if (maxSnapshotAge != null && pendingSince.isPresent()) {
            Duration waited = Duration.between(pendingSince.get(), store.options().clock().instant());
            if (waited.compareTo(maxSnapshotAge) > 0) {
                return health.down().withDetail("reason", "changes have waited " + waited.toSeconds()
                        + "s to be snapshotted, more than " + maxSnapshotAge).build();
            }
        }
        return health.build();
    }
}
