package dev.lockfree.eventstore.boot.actuate.endpoint;

import org.jspecify.annotations.Nullable;

/**
 * One partition in {@code GET /actuator/eventstore/{store}}.
 *
 * @param partition  its index
 * @param capacity   events it keeps at most
 * @param buffered   events retained now
 * @param full       whether it is at capacity
 * @param appended   events appended to it
 * @param discarded  events evicted to make room
 * @param rejected   appends it refused while full
 * @param removed    events taken out by clear and purge
 * @param lateEvents events too old for the time window
 * @param snapshot   its snapshot state; null when the store is not persisted or snapshots have not started
 */
public record PartitionDescriptor(int partition, int capacity, int buffered, boolean full, long appended,
                                  long discarded, long rejected, long removed, long lateEvents,
                                  @Nullable PartitionSnapshotDescriptor snapshot) {
}
