package dev.lockfree.eventstore;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The only way into an externally fed store (see {@link EventStoreBuilder#withExternalFeed}): whoever holds
 * it (a Kafka binding) appends each partition's events with their source positions, and hands partitions
 * over when it stops owning them. {@link EventStore#claimFeed()} hands it out once.
 *
 * <p>Threading: each partition is fed by one thread at a time (Kafka delivers a topic partition to one
 * consumer thread); different partitions may be fed concurrently. The source position of each event is
 * recorded with it, so that a snapshot carries the position of exactly its newest event
 * ({@link dev.lockfree.eventstore.snapshot.PartitionSnapshot#sourcePosition()}).
 *
 * <p>Timestamps: a store with a timestamp selector takes each event's timestamp from the event, and is fed with
 * {@link #append(int, Object, long)}. A store without one takes it from the feed ({@link #takesTimestamps()}), and is
 * fed with {@link #append(int, Object, long, long)} (a Kafka binding passes the record's timestamp): each event's
 * timestamp is kept with it (16 bytes per retained event), counts it in the time window (with a value selector and
 * window tracking on) and travels in snapshots, so that a restored window is exact. Reads by time and
 * {@link EventStore#purge} need the events' own timestamps, so such a store refuses them.
 *
 * @param <E> the event type
 */
public final class PartitionFeed<E> {

    private final EventStore<E> store;

    PartitionFeed(EventStore<E> store) {
        this.store = store;
    }

    public EventStore<E> store() {
        return store;
    }

    /** The store's {@link ExternalFeed}: its name and publisher. */
    public ExternalFeed owner() {
        return store.options().externalFeed();
    }

    /**
     * Appends {@code event} to {@code partition}, recording {@code sourcePosition} (e.g. the record's Kafka
     * offset) as its position. Same semantics as a local append otherwise (eviction, windows, callbacks).
     *
     * @return {@code false} only under {@link OverflowPolicy#REJECT} when the partition is full
     * @throws IllegalArgumentException if {@code sourcePosition} is negative
     * @throws IllegalStateException    if the store {@linkplain #takesTimestamps() takes its timestamps from the feed}:
     *                                  use {@link #append(int, Object, long, long)}
     */
    public boolean append(int partition, E event, long sourcePosition) {
        Objects.requireNonNull(event, "event must not be null");
        if (sourcePosition < 0) {
            throw new IllegalArgumentException("sourcePosition must be >= 0 but was " + sourcePosition);
        }
        return store.feed(partition, event, sourcePosition);
    }

    /**
     * {@link #append(int, Object, long)} for a store that {@linkplain #takesTimestamps() takes its timestamps from
     * the feed}: {@code timestampMillis} (e.g. the Kafka record's timestamp) is the event's timestamp, kept with it,
     * counted in the time window and carried in snapshots.
     *
     * @param timestampMillis epoch milliseconds, {@code >= 0}
     * @return {@code false} only under {@link OverflowPolicy#REJECT} when the partition is full
     * @throws IllegalArgumentException if {@code sourcePosition} or {@code timestampMillis} is negative
     * @throws IllegalStateException    if the store has a timestamp selector, which decides the timestamps: use
     *                                  {@link #append(int, Object, long)}
     */
    public boolean append(int partition, E event, long sourcePosition, long timestampMillis) {
        Objects.requireNonNull(event, "event must not be null");
        if (sourcePosition < 0) {
            throw new IllegalArgumentException("sourcePosition must be >= 0 but was " + sourcePosition);
        }
        if (timestampMillis < 0) {
            throw new IllegalArgumentException("timestampMillis must be >= 0 (epoch milliseconds) but was "
                    + timestampMillis);
        }
        return store.feed(partition, event, sourcePosition, timestampMillis);
    }

    /**
     * Whether the store takes each event's timestamp from this feed: it has no timestamp selector, so every event
     * is appended with {@link #append(int, Object, long, long)}.
     */
    public boolean takesTimestamps() {
        return store.takesFeedTimestamps();
    }

    /**
     * The source position of the newest event in {@code partition} if the partition holds events that came
     * through this feed or a restore that carried a position; empty otherwise.
     */
    public OptionalLong newestSourcePosition(int partition) {
        if (store.partitionSize(partition) == 0) {
            return OptionalLong.empty();
        }
        return store.sourcePosition(partition, store.lastSequence(partition));
    }

    /**
     * Removes every event of {@code partition} from memory because this instance stops owning it (a Kafka
     * revocation), <em>without</em> fencing off its snapshots: unlike {@link EventStore#clearPartition}, the
     * events are not deleted, they move to another owner, and a snapshot taken before still names the
     * events and the position to resume from together. Do not feed the partition while this runs.
     *
     * @return how many events were removed
     */
    public long release(int partition) {
        return store.releasePartition(partition);
    }

    @Override
    public String toString() {
        return "PartitionFeed[" + owner().storeName() + "]";
    }
}
