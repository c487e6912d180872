package dev.lockfree.eventstore;

/**
 * Told, synchronously and on the calling thread, each time {@link EventStore#clear()} or
 * {@link EventStore#purge} has removed events from a partition, before that call returns. Snapshot
 * persistence uses it to fence off older snapshots durably, so that a removed event never comes back
 * after a restart. Views built over the store (e.g. {@code stream.EventStreams}) also hear about
 * {@link #restored restores}, so that they can index restored events whenever the restore happens.
 */
@FunctionalInterface
public interface MaintenanceListener {

    /**
     * @param partition the partition events were removed from
     * @param removed   how many were removed (at least one)
     */
    void removed(int partition, long removed);

    /**
     * {@link EventStore#restorePartition} has put events back into {@code partition}; called before it
     * returns, on its thread, only when at least one event was restored. Does nothing by default.
     *
     * @param partition the partition events were restored into
     * @param restored  how many were restored (at least one)
     */
    default void restored(int partition, int restored) {
    }

    /**
     * The events of {@code partition} left this store because it stopped owning the partition
     * ({@link PartitionFeed#release}): they moved to another owner, they were not deleted. By default the same as
     * {@link #removed}; snapshot persistence overrides it to keep the partition's snapshots restorable (they still
     * name the events and the source position to resume from together).
     */
    default void released(int partition, long removed) {
        removed(partition, removed);
    }
}
