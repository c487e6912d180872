package dev.lockfree.eventstore;

import dev.lockfree.eventstore.partition.PartitionRing;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A read-only view of one partition's retained events, read in place: nothing is copied and nothing is
 * allocated per read (the C# seed's {@code SnapshotViews} and {@code ProcessEventsChunked}). The view is live,
 * not a frozen copy: producers keep appending and overwriting while it is read, and every read validates the
 * slot it reads, so a view hands out only fully published events at the sequence asked for, never a torn
 * event nor one a newer lap put in its place. An event overwritten before it was read is simply not seen.
 *
 * <p>Views are created once per store ({@link EventStore#view(int)}, {@link EventStore#views()}); any number of
 * threads may read through them at once.
 *
 * @param <E> the event type
 */
public final class PartitionView<E> {

    private final int partition;
    private final PartitionRing<E> ring;

    PartitionView(int partition, PartitionRing<E> ring) {
        this.partition = partition;
        this.ring = ring;
    }

    public int partition() {
        return partition;
    }

    /** The sequence of the oldest event the partition can hold now (it may have been cleared or purged). */
    public long firstSequence() {
        return Math.max(0, ring.nextSequence() - ring.capacity());
    }

    /** The sequence the next append will take: the view covers {@code [firstSequence(), nextSequence())}. */
    public long nextSequence() {
        return ring.nextSequence();
    }

    /** Events retained now. */
    public int size() {
        return ring.size();
    }

    /**
     * The event at {@code sequence}, or null if the partition does not hold it (any more, or yet): evicted,
     * cleared, purged, or still being written.
     */
    public E get(long sequence) {
        return ring.eventAt(sequence);
    }

    /**
     * Visits the retained events oldest first, in place, until {@code visitor} returns {@code false}. Each event
     * is visited at most once and only when fully published; events appended or evicted during the visit may or
     * may not be seen. A purge that moves events waits for the visit to end.
     *
     * @return {@code false} if the visitor stopped the visit
     */
    public boolean forEach(Predicate<? super E> visitor) {
        Objects.requireNonNull(visitor, "visitor must not be null");
        return ring.visit(visitor);
    }

    /**
     * Processes the retained events in chunks copied into {@code buffer}, a caller-owned array reused for every
     * chunk, so that {@code chunks} runs without holding anything the producers or a purge wait for. Each chunk
     * holds validated events in append order; events evicted before their chunk was filled are skipped. The
     * buffer's slots are cleared after each chunk.
     *
     * @return how many events were handed to {@code chunks}
     */
    public long forEachChunk(E[] buffer, PartitionRing.Chunks<? super E> chunks) {
        Objects.requireNonNull(buffer, "buffer must not be null");
        Objects.requireNonNull(chunks, "chunks must not be null");
        return ring.forEachChunk(buffer, chunks);
    }

    @Override
    public String toString() {
        return "PartitionView[partition=" + partition + ", sequences=[" + firstSequence() + ", " + nextSequence() + ")]";
    }
}
