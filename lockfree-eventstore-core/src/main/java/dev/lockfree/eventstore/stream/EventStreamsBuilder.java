package dev.lockfree.eventstore.stream;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreBuilder;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds {@link EventStreams} together with their backing {@link EventStore}. The store is configured like any
 * other ({@link #store}), with three things fixed here: records are routed by stream name, timestamped by
 * {@link StreamRecord#timestamp()} (unless a timestamp selector is set), and evictions are reported to the
 * streams (after any {@code onDiscarded} of your own). Defaults: the store's (availableProcessors partitions
 * of 100 000 records, system UTC clock) and {@link EventStreamsOptions#defaults()}. Not thread-safe.
 */
public final class EventStreamsBuilder<E> {

    private EventStreamsOptions options = EventStreamsOptions.defaults();
    private Integer capacityPerPartition;
    private Integer partitions;
    private Clock clock;
    private Consumer<? super EventStoreBuilder<StreamRecord<E>>> storeConfigurer;

    EventStreamsBuilder() {
    }

    public EventStreamsBuilder<E> options(EventStreamsOptions options) {
        this.options = Objects.requireNonNull(options, "options must not be null");
        return this;
    }

    /** See {@link EventStreamsOptions#maxStreams()}. */
    public EventStreamsBuilder<E> maxStreams(int maxStreams) {
        this.options = options.withMaxStreams(maxStreams);
        return this;
    }

    /** The dedupe horizon: see {@link EventStreamsOptions}. */
    public EventStreamsBuilder<E> dedupe(int keysPerStream, Duration maxAge) {
        this.options = options.withDedupe(keysPerStream, maxAge);
        return this;
    }

    /** Records kept per partition (so at most that many versions per stream). */
    public EventStreamsBuilder<E> capacityPerPartition(int capacityPerPartition) {
        this.capacityPerPartition = capacityPerPartition;
        return this;
    }

    public EventStreamsBuilder<E> partitions(int partitions) {
        this.partitions = partitions;
        return this;
    }

    /** The clock that timestamps stream records (and that the store uses for statistics). */
    public EventStreamsBuilder<E> clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        return this;
    }

    /**
     * Anything else about the store (windows, value selector, callbacks); runs before the settings above,
     * which win. The key selector and the overflow policy cannot be changed: records are routed by stream and
     * a full partition evicts its oldest record.
     */
    public EventStreamsBuilder<E> store(Consumer<? super EventStoreBuilder<StreamRecord<E>>> configurer) {
        this.storeConfigurer = Objects.requireNonNull(configurer, "configurer must not be null");
        return this;
    }

    public EventStreams<E> build() {
        EventStoreBuilder<StreamRecord<E>> b = storeBuilder();
        Consumer<? super StreamRecord<E>> prior = b.options().onDiscarded();
        EvictionFeed<E> feed = new EvictionFeed<>();
        // the streams hear an eviction first, then the user's callback
        b.onDiscarded(prior == null ? feed : feed.andThen(prior));
        EventStore<StreamRecord<E>> store = b.create();
        return EventStreams.over(store, options, feed);
    }

    private EventStoreBuilder<StreamRecord<E>> storeBuilder() {
        EventStoreBuilder<StreamRecord<E>> b = EventStore.builder();
        b.withTimestampSelector(StreamRecord::timestamp);
        if (storeConfigurer != null) {
            storeConfigurer.accept(b);
        }
        if (capacityPerPartition != null) {
            b.withCapacityPerPartition(capacityPerPartition);
        }
        if (partitions != null) {
            b.withPartitions(partitions);
        }
        if (clock != null) {
            b.withClock(clock);
        }
        return b.withKeySelector(StreamRecord::stream);
    }
}
