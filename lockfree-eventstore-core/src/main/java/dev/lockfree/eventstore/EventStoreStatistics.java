package dev.lockfree.eventstore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A point-in-time reading of a store's counters. Totals are exact at quiescence; while producers run
 * each is a consistent lower or upper bound off by at most the appends in flight.
 *
 * <p>At quiescence: {@code count == totalAppended + totalRestored - totalDiscarded - totalPurged - totalCleared}
 * ({@code totalRestored} is 0 unless snapshots were restored).
 *
 * <p>{@code appendsPerSecond} and {@code lastAppendTime} come from the totals as sampled by the calls
 * to {@link EventStore#statistics()} (the append path never reads the clock): the rate is measured over
 * the last few seconds of readings, and the last append time is when a reading first saw the current
 * total, so their resolution is the interval at which statistics are read (Micrometer and the Actuator
 * endpoint read them regularly).
 *
 * <p>{@code windowAdvanceCount} counts how many times a partition's time window moved forward, summed over the
 * partitions and cumulative like the totals (a clear does not take it back): each time an event landed in a bucket
 * newer than the newest bucket of its partition so far. A jump over several buckets counts once; the first event
 * of an empty window (after creation or a clear) places the window and does not count; events into the current or
 * an older bucket, late events and purges do not count. So with steady traffic it grows by about one per bucket
 * width per partition. 0 without window tracking.
 */
public record EventStoreStatistics(long totalAppended, long totalDiscarded, long totalRejected,
                                   long totalPurged, long totalCleared, long lateEvents,
                                   long callbackFailures, long totalRestored, long count, int capacity,
                                   double appendsPerSecond, Optional<Instant> lastAppendTime,
                                   long windowAdvanceCount, List<PartitionStatistics> partitions) {

    public EventStoreStatistics {
        partitions = List.copyOf(partitions);
    }
}
