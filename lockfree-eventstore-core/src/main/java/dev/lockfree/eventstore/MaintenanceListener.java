package dev.lockfree.eventstore;

/**
 * Told, synchronously and on the calling thread, each time {@link EventStore#clear()} or
 * {@link EventStore#purge} has removed events from a partition, before that call returns. Snapshot
 * persistence uses it to fence off older snapshots durably, so that a removed event never comes back
 * after a restart.
 */
@FunctionalInterface
public interface MaintenanceListener {

    /**
     * @param partition the partition events were removed from
     * @param removed   how many were removed (at least one)
     */
    void removed(int partition, long removed);
}
