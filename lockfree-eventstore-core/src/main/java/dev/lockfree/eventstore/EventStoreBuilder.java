package dev.lockfree.eventstore;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/** Fluent builder of {@link EventStoreOptions} and {@link EventStore}. Not thread-safe. */
public final class EventStoreBuilder<E> {

    private Integer totalCapacity;
    private int capacityPerPartition = EventStoreOptions.DEFAULT_CAPACITY_PER_PARTITION;
    private int partitions = Runtime.getRuntime().availableProcessors();
    private ToLongFunction<? super E> timestampSelector;
    private ToDoubleFunction<? super E> valueSelector;
    private Function<? super E, ?> keySelector;
    private Consumer<? super E> onDiscarded;
    private Runnable onCapacityReached;
    private boolean windowTracking = true;
    private Duration windowSize = EventStoreOptions.DEFAULT_WINDOW_SIZE;
    private Duration bucketWidth = EventStoreOptions.DEFAULT_BUCKET_WIDTH;
    private OverflowPolicy overflowPolicy = OverflowPolicy.EVICT_OLDEST;
    private Clock clock = Clock.systemUTC();
    private ExternalFeed externalFeed;
    private java.time.Duration statsInterval;
    private Consumer<? super EventStoreStatistics> statsListener;
    private java.util.concurrent.ScheduledExecutorService statsScheduler;

    EventStoreBuilder() {
    }

    /**
     * Total capacity, split evenly over the partitions and rounded up, so that the store's
     * {@code capacity()} is at least {@code capacity}. Replaces an earlier {@link #withCapacityPerPartition}.
     */
    public EventStoreBuilder<E> withCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        }
        this.totalCapacity = capacity;
        return this;
    }

    /** Exact capacity of each partition. Replaces an earlier {@link #withCapacity}. */
    public EventStoreBuilder<E> withCapacityPerPartition(int capacityPerPartition) {
        this.totalCapacity = null;
        this.capacityPerPartition = capacityPerPartition;
        return this;
    }

    public EventStoreBuilder<E> withPartitions(int partitions) {
        this.partitions = partitions;
        return this;
    }

    /** Epoch milliseconds of an event. */
    public EventStoreBuilder<E> withTimestampSelector(ToLongFunction<? super E> timestampSelector) {
        this.timestampSelector = Objects.requireNonNull(timestampSelector, "timestampSelector must not be null");
        return this;
    }

    public EventStoreBuilder<E> withValueSelector(ToDoubleFunction<? super E> valueSelector) {
        this.valueSelector = Objects.requireNonNull(valueSelector, "valueSelector must not be null");
        return this;
    }

    /** Routing key; its {@code hashCode} must be stable across processes (strings, numbers, UUIDs, enums are). */
    public EventStoreBuilder<E> withKeySelector(Function<? super E, ?> keySelector) {
        this.keySelector = Objects.requireNonNull(keySelector, "keySelector must not be null");
        return this;
    }

    public EventStoreBuilder<E> onDiscarded(Consumer<? super E> onDiscarded) {
        this.onDiscarded = Objects.requireNonNull(onDiscarded, "onDiscarded must not be null");
        return this;
    }

    public EventStoreBuilder<E> onCapacityReached(Runnable onCapacityReached) {
        this.onCapacityReached = Objects.requireNonNull(onCapacityReached, "onCapacityReached must not be null");
        return this;
    }

    public EventStoreBuilder<E> withWindowTracking(boolean windowTracking) {
        this.windowTracking = windowTracking;
        return this;
    }

    public EventStoreBuilder<E> withWindow(Duration windowSize, Duration bucketWidth) {
        this.windowSize = Objects.requireNonNull(windowSize, "windowSize must not be null");
        this.bucketWidth = Objects.requireNonNull(bucketWidth, "bucketWidth must not be null");
        return this;
    }

    public EventStoreBuilder<E> withOverflowPolicy(OverflowPolicy overflowPolicy) {
        this.overflowPolicy = Objects.requireNonNull(overflowPolicy, "overflowPolicy must not be null");
        return this;
    }

    public EventStoreBuilder<E> withClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        return this;
    }

    /**
     * Makes the store externally fed: its partitions are filled only through the {@link PartitionFeed} that
     * {@link EventStore#claimFeed()} hands out once (to a Kafka binding, say), and a local {@code tryAppend} throws
     * an {@link IllegalStateException} naming {@code storeName} and {@code publisher}, because an event that the
     * feed's other consumers never see must not look stored.
     *
     * <p>Without a {@linkplain #withTimestampSelector timestamp selector}, such a store takes each event's timestamp
     * from its feed ({@link PartitionFeed#append(int, Object, long, long)}: a Kafka binding passes the record's
     * timestamp), so that with a value selector and window tracking on it keeps a time window. The timestamps are kept
     * per retained event (16 bytes each) and travel in snapshots; reads by time and {@code purge} need a timestamp
     * selector (see {@link PartitionFeed}).
     *
     * @param storeName the store's name, for the refusal message
     * @param publisher what to publish with instead, e.g. {@code "EventStorePublisher 'ordersEventPublisher'"}
     */
    public EventStoreBuilder<E> withExternalFeed(String storeName, String publisher) {
        this.externalFeed = new ExternalFeed(storeName, publisher);
        return this;
    }

    /**
     * Pushes the store's {@link EventStore#statistics() statistics} to {@code listener} every {@code interval}, from
     * a daemon thread the store owns (or the scheduler of {@link #withStatsScheduler}), until
     * {@link EventStore#close()}. The C# seed's {@code OnStatsUpdated}/{@code StatsUpdateInterval}, but timed rather
     * than sampled every N appends, so that appends never call out (see {@link StatisticsSchedule}).
     *
     * @param interval at least 1 ms
     */
    public EventStoreBuilder<E> withStatsListener(Duration interval, Consumer<? super EventStoreStatistics> listener) {
        this.statsInterval = Objects.requireNonNull(interval, "statsInterval must not be null");
        this.statsListener = Objects.requireNonNull(listener, "statsListener must not be null");
        return this;
    }

    /**
     * Runs the {@link #withStatsListener stats listener} on {@code scheduler} instead of a thread of the store's own
     * (e.g. an application's shared scheduler). The store cancels its task on {@link EventStore#close()} and never
     * shuts the scheduler down.
     */
    public EventStoreBuilder<E> withStatsScheduler(java.util.concurrent.ScheduledExecutorService scheduler) {
        this.statsScheduler = Objects.requireNonNull(scheduler, "statsScheduler must not be null");
        return this;
    }

    /** The validated, immutable options. */
    public EventStoreOptions<E> options() {
        if (partitions < 1 || partitions > EventStoreOptions.MAX_PARTITIONS) {
            throw new IllegalArgumentException("partitions must be between 1 and " + EventStoreOptions.MAX_PARTITIONS
                    + " but was " + partitions);
        }
        int perPartition = totalCapacity == null ? capacityPerPartition
                : (int) ((totalCapacity + (long) partitions - 1) / partitions);
        if (statsScheduler != null && statsListener == null) {
            throw new IllegalArgumentException("statsScheduler was set but no stats listener: call withStatsListener too");
        }
        StatisticsSchedule statistics = statsListener == null ? null
                : new StatisticsSchedule(statsInterval, statsListener, statsScheduler);
        return new EventStoreOptions<>(perPartition, partitions, timestampSelector, valueSelector, keySelector,
                onDiscarded, onCapacityReached, windowTracking, windowSize, bucketWidth, overflowPolicy, clock, externalFeed,
                statistics);
    }

    public EventStore<E> create() {
        return new EventStore<>(options());
    }
}
