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
 */
public record EventStoreStatistics(long totalAppended, long totalDiscarded, long totalRejected,
                                   long totalPurged, long totalCleared, long lateEvents,
                                   long callbackFailures, long totalRestored, long count, int capacity,
                                   double appendsPerSecond, Optional<Instant> lastAppendTime,
                                   List<PartitionStatistics> partitions) {

    public EventStoreStatistics {
        partitions = List.copyOf(partitions);
    }
}
