package dev.lockfree.eventstore;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The immutable configuration of an {@link EventStore}; build it with {@link EventStore#builder()}.
 * Every component is validated here, and a bad value fails with an {@link IllegalArgumentException}
 * that names the option and the value.
 *
 * @param capacityPerPartition events kept per partition (exact), 1 to {@value #MAX_CAPACITY_PER_PARTITION}
 * @param partitions           number of partitions, 1 to {@value #MAX_PARTITIONS}
 * @param timestampSelector    epoch milliseconds of an event; needed by time-bounded reads, purge and windows
 * @param valueSelector        the value the time windows aggregate
 * @param keySelector          routing key: events with equal keys share a partition; {@code null} spreads
 *                             events by producer thread
 * @param onDiscarded          receives each event evicted to make room, exactly once
 * @param onCapacityReached    runs once each time a partition becomes full
 * @param windowTracking       whether appends feed the time buckets and time-bounded queries are allowed
 * @param windowSize           how far back the buckets reach, a whole multiple of {@code bucketWidth}
 * @param bucketWidth          bucket granularity, at least 1 ms
 * @param overflowPolicy       what a full partition does with a new event
 * @param clock                used by reads that are relative to now ({@code windowAggregate(Duration)})
 *                             and by statistics; never by appends
 * @param externalFeed         when not {@code null}, the store is fed from outside (e.g. a Kafka topic) through the
 *                             one {@link PartitionFeed} that {@link EventStore#claimFeed()} hands out, and every
 *                             local {@code tryAppend} is refused with an {@link IllegalStateException}
 * @param statisticsSchedule   when not {@code null}, the store pushes its statistics to a listener on this schedule
 *                             until {@link EventStore#close()}
 */
public record EventStoreOptions<E>(
        int capacityPerPartition,
        int partitions,
        ToLongFunction<? super E> timestampSelector,
        ToDoubleFunction<? super E> valueSelector,
        Function<? super E, ?> keySelector,
        Consumer<? super E> onDiscarded,
        Runnable onCapacityReached,
        boolean windowTracking,
        Duration windowSize,
        Duration bucketWidth,
        OverflowPolicy overflowPolicy,
        Clock clock,
        ExternalFeed externalFeed,
        StatisticsSchedule statisticsSchedule) {

    public static final int DEFAULT_CAPACITY_PER_PARTITION = 100_000;
    public static final Duration DEFAULT_WINDOW_SIZE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_BUCKET_WIDTH = Duration.ofSeconds(1);
    public static final int MAX_CAPACITY_PER_PARTITION = 1 << 30;
    public static final int MAX_PARTITIONS = 1 << 16;
    /** Upper bound on windowSize / bucketWidth: the buckets are preallocated per partition. */
    public static final int MAX_BUCKETS = 1 << 20;

    /** Options of a store that takes local appends (no {@link #externalFeed()}). */
    public EventStoreOptions(int capacityPerPartition, int partitions, ToLongFunction<? super E> timestampSelector,
                             ToDoubleFunction<? super E> valueSelector, Function<? super E, ?> keySelector,
                             Consumer<? super E> onDiscarded, Runnable onCapacityReached, boolean windowTracking,
                             Duration windowSize, Duration bucketWidth, OverflowPolicy overflowPolicy, Clock clock) {
        this(capacityPerPartition, partitions, timestampSelector, valueSelector, keySelector, onDiscarded,
                onCapacityReached, windowTracking, windowSize, bucketWidth, overflowPolicy, clock, null, null);
    }

    /** Options without a {@link #statisticsSchedule()}. */
    public EventStoreOptions(int capacityPerPartition, int partitions, ToLongFunction<? super E> timestampSelector,
                             ToDoubleFunction<? super E> valueSelector, Function<? super E, ?> keySelector,
                             Consumer<? super E> onDiscarded, Runnable onCapacityReached, boolean windowTracking,
                             Duration windowSize, Duration bucketWidth, OverflowPolicy overflowPolicy, Clock clock,
                             ExternalFeed externalFeed) {
        this(capacityPerPartition, partitions, timestampSelector, valueSelector, keySelector, onDiscarded,
                onCapacityReached, windowTracking, windowSize, bucketWidth, overflowPolicy, clock, externalFeed, null);
    }

    public EventStoreOptions {
        if (capacityPerPartition < 1 || capacityPerPartition > MAX_CAPACITY_PER_PARTITION) {
            throw new IllegalArgumentException("capacityPerPartition must be between 1 and "
                    + MAX_CAPACITY_PER_PARTITION + " but was " + capacityPerPartition);
        }
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException("partitions must be between 1 and " + MAX_PARTITIONS
                    + " but was " + partitions);
        }
        Objects.requireNonNull(windowSize, "windowSize must not be null");
        Objects.requireNonNull(bucketWidth, "bucketWidth must not be null");
        Objects.requireNonNull(overflowPolicy, "overflowPolicy must not be null");
        Objects.requireNonNull(clock, "clock must not be null");
        if (bucketWidth.compareTo(Duration.ofMillis(1)) < 0 || bucketWidth.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("bucketWidth must be a positive whole number of milliseconds but was "
                    + bucketWidth);
        }
        if (windowSize.isNegative() || windowSize.isZero()) {
            throw new IllegalArgumentException("windowSize must be positive but was " + windowSize);
        }
        if (bucketWidth.compareTo(windowSize) > 0) {
            throw new IllegalArgumentException("bucketWidth (" + bucketWidth + ") must not exceed windowSize ("
                    + windowSize + ")");
        }
        if (windowSize.toNanos() % bucketWidth.toNanos() != 0) {
            throw new IllegalArgumentException("windowSize (" + windowSize
                    + ") must be a whole multiple of bucketWidth (" + bucketWidth + ")");
        }
        long buckets = windowSize.toMillis() / bucketWidth.toMillis();
        if (buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("windowSize / bucketWidth must be at most " + MAX_BUCKETS
                    + " buckets but was " + buckets + " (windowSize " + windowSize + ", bucketWidth "
                    + bucketWidth + ")");
        }
    }

    /** Whether the store is fed from outside and refuses local appends. */
    public boolean externallyFed() {
        return externalFeed != null;
    }

    /** The defaults: {@code availableProcessors} partitions of 100 000 events, 5-minute window in 1-second buckets. */
    public static <E> EventStoreOptions<E> defaults() {
        return new EventStoreBuilder<E>().options();
    }

    /** Total capacity: {@code capacityPerPartition * partitions}. */
    public long totalCapacity() {
        return (long) capacityPerPartition * partitions;
    }

    /** Number of buckets per partition: {@code windowSize / bucketWidth}. */
    public int bucketCount() {
        return (int) (windowSize.toMillis() / bucketWidth.toMillis());
    }
}
