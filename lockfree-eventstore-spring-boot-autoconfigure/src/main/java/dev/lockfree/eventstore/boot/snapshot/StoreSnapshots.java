package dev.lockfree.eventstore.boot.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.lockfree.eventstore.snapshot.PartitionSnapshotInfo;
import dev.lockfree.eventstore.snapshot.SnapshotListener;
import dev.lockfree.eventstore.snapshot.SnapshotOperation;
import dev.lockfree.eventstore.snapshot.SnapshotOutcome;
import dev.lockfree.eventstore.snapshot.Snapshotter;
import dev.lockfree.eventstore.snapshot.SnapshotterMetrics;
import org.jspecify.annotations.Nullable;

/**
 * The snapshot persistence of one store, as the Actuator endpoint, the health indicator and the meters
 * see it. It exists from the creation of the {@link EventStoreSnapshotLifecycle} on (so meters can bind
 * before the lifecycle starts); its {@link Snapshotter} is attached when the lifecycle starts, and stays
 * readable after it stopped.
 */
public final class StoreSnapshots {

    private final String storeName;
    private final Duration interval;
    /** Size of the newest successful save of each partition: together, the store's newest snapshot on disk. */
    private final AtomicLongArray lastSavedBytes;
    private volatile @Nullable Snapshotter<?> snapshotter;
    private volatile boolean running;
    private volatile @Nullable Failure lastFailure;

    /**
     * The newest failed operation.
     *
     * @param operation what failed
     * @param partition the partition, -1 for a restore
     * @param message   the error, type and message
     */
    public record Failure(SnapshotOperation operation, int partition, String message) {

        /** The failure as one line, e.g. {@code snapshot.save of partition 2: java.io.IOException: disk full}. */
        public String describe() {
            return operation.observationName() + (partition >= 0 ? " of partition " + partition : "") + ": "
                    + message;
        }
    }

    StoreSnapshots(String storeName, int partitions, Duration interval) {
        this.storeName = storeName;
        this.interval = interval;
        this.lastSavedBytes = new AtomicLongArray(partitions);
    }

    /** {@code eventstore.snapshot.interval}: the time trigger per partition, zero when off. */
    public Duration interval() {
        return interval;
    }

    /** Whether periodic snapshots run: the lifecycle started and has not stopped. */
    public boolean isRunning() {
        return running;
    }

    /** The snapshotter's counters, or empty before the lifecycle started. */
    public Optional<SnapshotterMetrics> metrics() {
        Snapshotter<?> current = snapshotter;
        return current == null ? Optional.empty() : Optional.of(current.metrics());
    }

    /**
     * Writes every changed partition now, on the calling thread.
     *
     * @return how many partitions were written
     * @throws IllegalStateException when periodic snapshots are not running (before start, after stop)
     */
    public int snapshotNow() {
        Snapshotter<?> current = snapshotter;
        if (current == null || !running) {
            throw new IllegalStateException("Snapshots of event store '" + storeName + "' are not running");
        }
        return current.snapshotNow();
    }

    /** Bytes of the newest successful snapshot of every partition, summed; 0 before the first save. */
    public long lastSnapshotBytes() {
        long total = 0;
        for (int p = 0; p < lastSavedBytes.length(); p++) {
            total += lastSavedBytes.get(p);
        }
        return total;
    }

    /** The newest successful snapshot of any partition (written or restored). */
    public static Optional<Instant> lastSnapshotAt(SnapshotterMetrics metrics) {
        return metrics.partitions().stream().flatMap(p -> p.lastSnapshotAt().stream()).max(Instant::compareTo);
    }

    /** Since when the longest-waiting partition has changes that are not snapshotted; empty when none. */
    public static Optional<Instant> oldestPendingChange(SnapshotterMetrics metrics) {
        return metrics.partitions().stream().flatMap(p -> p.pendingSince().stream()).min(Instant::compareTo);
    }

    /** Events appended since the last snapshot of their partition, summed over the partitions. */
    public static long pendingEvents(SnapshotterMetrics metrics) {
        return metrics.partitions().stream().mapToLong(PartitionSnapshotInfo::eventsSinceLastSnapshot).sum();
    }

    /** The highest number of saves in a row that failed for one partition. */
    public static int consecutiveFailures(SnapshotterMetrics metrics) {
        return metrics.partitions().stream().mapToInt(PartitionSnapshotInfo::consecutiveFailures).max().orElse(0);
    }

    /** The newest failed save, prune or restore, if any. */
    public Optional<Failure> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    void attach(Snapshotter<?> snapshotter) {
        this.snapshotter = snapshotter;
    }

    void running(boolean running) {
        this.running = running;
    }

    /** Records sizes and failures; the lifecycle puts it first among the snapshotter's listeners. */
    SnapshotListener recorder() {
        return (operation, name, partition) -> new SnapshotListener.Completion() {
            @Override
            public void succeeded(SnapshotOutcome outcome) {
                if (operation == SnapshotOperation.SAVE && "success".equals(outcome.outcome())
                        && partition >= 0 && partition < lastSavedBytes.length()) {
                    lastSavedBytes.set(partition, outcome.bytes());
                }
            }

            @Override
            public void failed(SnapshotOutcome outcome, Throwable error) {
                lastFailure = new Failure(operation, partition, describe(error));
            }
        };
    }

    private static String describe(Throwable error) {
        return error.getMessage() == null ? error.getClass().getName()
                : error.getClass().getName() + ": " + error.getMessage();
    }

    @Override
    public String toString() {
        return "StoreSnapshots[" + storeName + ", running=" + running + "]";
    }
}
