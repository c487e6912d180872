package dev.lockfree.eventstore;

import dev.lockfree.eventstore.partition.PartitionRing;
import dev.lockfree.eventstore.window.OwnedStripe;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

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
    /*
     * The owner's windowed append (appendOwned) reads these copies of the store's finals rather than going through
     * the store: a window-on append is bound by chains of dependent loads around the ring's claim (a full fence),
     * and each hop through the store added about a nanosecond (AppendBenchmark layer split).
     */
    private final PartitionRing<E> ring;
    private final ToLongFunction<? super E> timestamps;
    private final ToDoubleFunction<? super E> values;
    /*
     * Owner only (a plain field, never read by another thread): the owned stripe of the partition's window as last
     * seen current, so that the common append reads no epoch before its claim. A stale one is harmless: after the
     * claim the append checks that its window was not retired by a clear (as EventStore.offerAt does with the epoch
     * it reads before the claim), and otherwise records the slow way and looks again.
     */
    private OwnedStripe stripe;

    Appender(EventStore<E> store, int partition, PartitionRing<E> plainRing, int ownedStripe, PartitionRing<E> ring,
            ToLongFunction<? super E> timestamps,
            ToDoubleFunction<? super E> values) {
        this.store = store;
        this.partition = partition;
        this.plainRing = plainRing;
        this.owner = Thread.currentThread();
        this.ownedStripe = ownedStripe;
        this.ring = ring;
        this.timestamps = timestamps;
        this.values = values;
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
        if (Thread.currentThread() != owner) {
            return store.appendFrom(partition, event, EventStore.LOOK_UP);
        }
        return ownedStripe >= 0 ? appendOwned(event) : store.appendFrom(partition, event, -1);
    }

    /**
     * The owner's append into its owned stripe ({@code ownedStripe >= 0}, called on {@link #owner}'s thread only):
     * {@code EventStore.offerAt}'s owned path with the epoch cached.
     */
    private boolean appendOwned(E event) {
        // Selectors run before the event is stored, so a throwing selector stores nothing.
        final long timestamp = timestamps.applyAsLong(event);
        final double value = values.applyAsDouble(event);
        // The bucket slot is found before the claim: the claim is a full fence, and every load after it waits for it.
        final OwnedStripe s = stripe;
        final int slot = s == null ? -1 : s.slotOf(timestamp);
        final long position = ring.offerAt(event);
        if (position < 0) {
            return false;
        }
        // No floor check: the cached window's epoch floor was final and at or below an earlier position of ours.
        if (slot >= 0 && !s.isRetired()) { // read after the claim (see WindowEpoch#retire)
            s.recordAt(slot, value);
            return true;
        }
        recordAndLookAgain(position, timestamp, value);
        return true;
    }

    /** A new period, a pending drop, or a clear since the last look: record the slow way, then cache the stripe. */
    private void recordAndLookAgain(long position, long timestamp, double value) {
        // The epoch the record went to was read after this claim and its floor awaited: final, and at or below every
        // later position of this partition.
        stripe = store.recordAfterClaim(partition, position, timestamp, value, 0, ownedStripe).window
                .ownedStripe(ownedStripe);
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
