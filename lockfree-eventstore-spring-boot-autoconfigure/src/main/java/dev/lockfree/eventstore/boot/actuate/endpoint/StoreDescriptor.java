package dev.lockfree.eventstore.boot.actuate.endpoint;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One store in {@code GET /actuator/eventstore}. Counts are events; totals count since start-up.
 *
 * @param eventType        class name of the events
 * @param capacity         events the store keeps at most, all partitions together
 * @param partitions       number of partitions
 * @param buffered         events retained now
 * @param full             whether every partition is at capacity (not an error: the overflow policy applies)
 * @param overflowPolicy   what a full partition does with a new event
 * @param appended         events appended
 * @param discarded        events evicted to make room
 * @param rejected         appends refused by a full partition
 * @param lateEvents       events too old for the time window
 * @param restored         events put back from snapshots
 * @param appendsPerSecond append rate over the last few seconds of readings
 * @param lastAppend       when a reading first saw the current appended total; null before the first append
 * @param snapshot         snapshot persistence of the store
 */
public record StoreDescriptor(String eventType, long capacity, int partitions, long buffered, boolean full,
                              String overflowPolicy, long appended, long discarded, long rejected,
                              long lateEvents, long restored, double appendsPerSecond,
                              @Nullable Instant lastAppend, SnapshotDescriptor snapshot) {
}
