package dev.lockfree.eventstore.boot.observation;

import dev.lockfree.eventstore.snapshot.SnapshotOperation;
import dev.lockfree.eventstore.snapshot.SnapshotOutcome;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/** What an Observation of a snapshot save, prune or restore knows. */
public class SnapshotObservationContext extends Observation.Context {

    private final SnapshotOperation operation;
    private final String storeName;
    private final int partition;
    private volatile @Nullable SnapshotOutcome outcome;

    /**
     * @param partition the partition, -1 for a restore of the whole store
     */
    public SnapshotObservationContext(SnapshotOperation operation, String storeName, int partition) {
        this.operation = operation;
        this.storeName = storeName;
        this.partition = partition;
    }

    public SnapshotOperation getOperation() {
        return operation;
    }

    public String getStoreName() {
        return storeName;
    }

    /** The partition, -1 for a restore of the whole store. */
    public int getPartition() {
        return partition;
    }

    /** What the operation did; {@code null} until it ended. */
    public @Nullable SnapshotOutcome getOutcome() {
        return outcome;
    }

    public void setOutcome(@Nullable SnapshotOutcome outcome) {
        this.outcome = outcome;
    }
}
