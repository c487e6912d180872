package dev.lockfree.eventstore;

import dev.lockfree.eventstore.partition.PartitionRing;
import java.util.Objects;

/**
 * Appends to one partition of an {@link EventStore} without routing each event, for a producer that always
 * writes to the same partition (as Chronicle Queue's {@code acquireAppender()}). Obtain one with
 * {@link EventStore#appender()}, {@link EventStore#appender(Object)} or {@link EventStore#appender(int)}.
 *
 * <h2>Threading</h2>
 * <ul>
 * <li>The partition is fixed when the appender is created; {@link #tryAppend} never looks at the event or the
 *     thread to choose it. An appender from {@link EventStore#appender()} is bound to the partition the
 *     creating thread's unkeyed appends go to.</li>
 * <li>Any number of threads may use one appender at the same time, and several appenders may share a
 *     partition: the partition's ring is multi-producer, so every guarantee of {@link EventStore#tryAppend}
 *     holds (nothing lost, torn or reordered within a producer). Sharing a partition between threads is
 *     correct but slow (one contended ring); for throughput give each producer thread its own appender on
 *     its own partition.</li>
 * <li>With window tracking, the thread that created the appender may own a window stripe that only it
 *     writes, so its appends update the buckets without a CAS. Use from other threads stays correct: they
 *     update the shared stripes, as plain {@link EventStore#tryAppend} does. So create the appender on the
 *     thread that uses it.</li>
 * </ul>
 *
 * <h2>Key routing</h2>
 * On a store with a key selector, the routing contract (a key's events live in the key's partition, in every
 * process) is the caller's to keep: {@link EventStore#appender(Object)} binds to a key's partition and
 * {@link EventStore#appender()} is refused. The appender does not run the key selector per event (that is the
 * routing it skips); an event whose key routes elsewhere would still be stored, in the wrong partition.
 *
 * @param <E> the event type
 */
public final class Appender<E> {

    private final EventStore<E> store;
    private final int partition;
    /** The ring, when an append is only the ring's offer (window tracking off, not externally fed); else null. */
    private final PartitionRing<E> plainRing;
    private final Thread owner;
    /** The owned window stripe of {@link #owner}, or -1 (none: shared stripes). */
    private final int ownedStripe;

    Appender(EventStore<E> store, int partition, PartitionRing<E> plainRing, int ownedStripe) {
        this.store = store;
        this.partition = partition;
        this.plainRing = plainRing;
        this.owner = Thread.currentThread();
        this.ownedStripe = ownedStripe;
    }

    /**
     * Appends one event to this appender's partition.
     *
     * @return {@code false} only under {@link OverflowPolicy#REJECT} when the partition is full
     */
    public boolean tryAppend(E event) {
        Objects.requireNonNull(event, "event must not be null");
        final PartitionRing<E> ring = plainRing;
        if (ring != null) {
            return ring.offer(event);
        }
        return store.appendFrom(partition, event, Thread.currentThread() == owner ? ownedStripe : EventStore.LOOK_UP);
    }

    /** The partition every event of this appender goes to. */
    public int partition() {
        return partition;
    }

    @Override
    public String toString() {
        return "Appender[partition=" + partition + ", owner=" + owner.getName() + "]";
    }
}
