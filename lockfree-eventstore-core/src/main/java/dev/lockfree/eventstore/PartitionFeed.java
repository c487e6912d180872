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
     */
    public boolean append(int partition, E event, long sourcePosition) {
        Objects.requireNonNull(event, "event must not be null");
        if (sourcePosition < 0) {
            throw new IllegalArgumentException("sourcePosition must be >= 0 but was " + sourcePosition);
        }
        return store.feed(partition, event, sourcePosition);
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
