package dev.lockfree.eventstore.partition;

import dev.lockfree.eventstore.window.BucketWindow;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One partition: a fixed-capacity ring that forgets its oldest event, with a per-slot publication
 * protocol so that readers, eviction and maintenance only ever see fully written events.
 *
 * <h2>Positions and stamps</h2>
 * Producers claim consecutive positions with one {@code getAndAdd} on {@code tail}; position {@code p}
 * lives in slot {@code p mod capacity}. Each slot has a stamp {@code position * 4 + state}, where the
 * state is {@link #WRITING}, {@link #PUBLISHED} or {@link #REMOVED} (cleared or purged). A slot starts
 * as {@code REMOVED(slot - capacity)}: a removed event one lap before the first position.
 *
 * <h2>Append (the hot path)</h2>
 * <ol>
 * <li>claim {@code p}; the slot's previous occupant is position {@code p - capacity};</li>
 * <li>wait until that occupant is resolved (stamp {@code PUBLISHED} or {@code REMOVED} of
 *     {@code p - capacity}). This is the only wait on the append path, and it happens only when the
 *     producer one full lap behind was descheduled between its claim and its publish. Waiting here is
 *     what makes a lapped writer unable to put an older event over a newer one (seed race R2, see
 *     docs/seed-parity.md; guarantee G4);</li>
 * <li>stamp {@code WRITING(p)}, store-store fence, store the event, release-store {@code PUBLISHED(p)}.</li>
 * </ol>
 * No counter is touched per append apart from {@code tail}: appended = positions claimed, and every
 * position either overwrote a live event (a discard) or a removed one ({@code nonLiveOverwrites}, only
 * on the first lap and after clear/purge). So {@code discarded = tail - nonLiveOverwrites} and
 * {@code retained = nonLiveOverwrites - removed}, both exact at quiescence.
 *
 * <h2>Maintenance (clear, purge)</h2>
 * Maintenance turns {@code PUBLISHED(q)} into {@code REMOVED(q)} by CAS. To keep that CAS off the hot
 * path, producers read {@link #maintenance} right after claiming: while it is set they take the slot with
 * a CAS instead of a plain store, so each event is resolved exactly once, by its evictor or by the
 * maintenance. Maintenance sets the flag, reads {@code tail}, and waits until every position claimed
 * before that read is resolved; producers that claimed earlier may have missed the flag, and they are
 * finished by then. Producers never wait for maintenance.
 *
 * <p>After removing events, a purge moves the survivors up to the newest positions of the window (in
 * order), so the freed slots are always the oldest and a partition of capacity C keeps C events whatever
 * was purged. While events move, readers wait or retry (a {@link java.util.concurrent.locks.StampedLock}
 * between readers and compaction); producers are untouched, except one that claims the very slot an
 * event is being moved into, which waits for those two stores.
 *
 * <h2>Reads</h2>
 * Readers validate each slot seqlock style: stamp (acquire), event, load fence, stamp again. An event
 * is taken only if both stamps are {@code PUBLISHED(p)} for the position the reader expects. The bulk
 * capture replaces the second stamp read by a second read of {@code tail} (see {@link RingCapture}).
 *
 * <h2>Classes</h2>
 * This class is the slot protocol: the claim, the write and the reads of slots and stamps, with every field
 * an append reads. The rest is split off by how rarely it runs: {@link RingMaintenance} (clear, purge,
 * compaction, the window epoch floor), {@link RingCounters} (the counters the statistics derive from) and
 * {@link RingCapture} (capture and restore for snapshots).
 */
public final class PartitionRing<E> extends RingRightPadding {

    static final long WRITING = 0;
    static final long PUBLISHED = 1;
    static final long REMOVED = 2;
    static final long STATE_MASK = 3;

    /** Marks the capacity-reached edge as already fired. */
    static final long FIRED = Long.MIN_VALUE;

    static final VarHandle TAIL;
    private static final VarHandle CAPACITY_MARK;
    private static final VarHandle STAMPS = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(RingTail.class, "tail", long.class);
            CAPACITY_MARK = lookup.findVarHandle(PartitionRing.class, "capacityMark", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /*
     * Everything an append reads lives in this object, after the padded tail: the arrays, capacity and mask, the
     * policy and callbacks, the maintenance flag and the capacity mark. Splitting the slot protocol from the ring
     * data as the Disruptor does (Sequencer vs RingBuffer) would add a pointer chase to each append, and the claim
     * is a full fence after which every dependent load adds its latency. So the split is by what runs rarely:
     * counters, maintenance and capture/restore live in their own objects, reached only off the hot path.
     */
    private final int capacity;
    private final long indexMask;
    private final Object[] events;
    private final long[] stamps;
    private final boolean rejectWhenFull;
    private final Consumer<? super E> onDiscarded;
    private final Runnable onCapacityReached;
    private final CallbackFailures callbackFailures;
    private final RingCounters counters = new RingCounters();
    private final RingMaintenance<E> maintainer;
    private final RingCapture<E> capturer;

    /** Non-zero while a clear or purge is marking slots; producers then take slots by CAS. */
    volatile int maintenance;
    /** The position whose publication makes the partition full, or {@link #FIRED}. */
    volatile long capacityMark;
    /** Readers take the read side; a purge's compaction, which moves events between slots, the write side. */
    final java.util.concurrent.locks.StampedLock compaction = new java.util.concurrent.locks.StampedLock();

    public PartitionRing(int capacity, boolean rejectWhenFull, Consumer<? super E> onDiscarded,
                         Runnable onCapacityReached, CallbackFailures callbackFailures) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        }
        this.capacity = capacity;
        this.indexMask = Integer.bitCount(capacity) == 1 ? capacity - 1 : -1;
        this.events = new Object[capacity];
        this.stamps = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            stamps[i] = stamp(i - (long) capacity, REMOVED);
        }
        this.rejectWhenFull = rejectWhenFull;
        this.onDiscarded = onDiscarded;
        this.onCapacityReached = onCapacityReached;
        this.callbackFailures = callbackFailures;
        this.capacityMark = capacity - 1L;
        this.maintainer = new RingMaintenance<>(this, counters, stamps, events);
        this.capturer = new RingCapture<>(this, counters, maintainer, stamps, events);
    }

    public int capacity() {
        return capacity;
    }

    static long stamp(long position, long state) {
        return position * 4 + state;
    }

    static long positionOf(long stamp) {
        return stamp >> 2; // arithmetic shift: the initial stamps have negative positions
    }

    int index(long position) {
        return slot(position, indexMask, capacity);
    }

    private static int slot(long position, long indexMask, int capacity) {
        return (int) (indexMask >= 0 ? position & indexMask : position % capacity);
    }

    // ------------------------------------------------------------------------------------------------
    // Append
    // ------------------------------------------------------------------------------------------------

    /**
     * Appends one event. Returns {@code false} only under the reject policy when the slot the event
     * would take still holds a live event.
     */
    public boolean offer(E event) {
        return offerAt(event) >= 0;
    }

    /** Appends and returns the position the event took, or -1 if rejected. */
    public long offerAt(E event) {
        if (rejectWhenFull) {
            final long position = claimIfFree();
            if (position >= 0) {
                write(position, event);
            }
            return position;
        }
        // Read the ring's fields before the claim. The getAndAdd is a full fence (lock xadd): nothing after
        // it starts until it completes, so every load placed after it adds its latency to every append,
        // while loads placed before it overlap with the draining of the previous append's stores. Measured
        // with 1 producer: about 1 ns of a 7 ns append.
        final long[] stamps = this.stamps;
        final Object[] events = this.events;
        final long indexMask = this.indexMask;
        final int capacity = this.capacity;
        final long position = (long) TAIL.getAndAdd(this, 1L);
        write(stamps, events, slot(position, indexMask, capacity), position - capacity, position, event);
        return position;
    }

    private long claimIfFree() {
        final long position = claimFreeSlot();
        if (position < 0) {
            counters.addRejected();
            fireCapacityReachedOnce(capacityMark);
        }
        return position;
    }

    /** Claims the tail position if its slot is free (its previous occupant written and removed), else -1. */
    long claimFreeSlot() {
        for (;;) {
            final long t = tail;
            final long current = (long) STAMPS.getAcquire(stamps, index(t));
            if (current != stamp(t - capacity, REMOVED)) {
                if (tail != t) {
                    // t went stale: another producer claimed it (and may have written it) since we read it.
                    // Judge fullness by the slot of the current tail, never by one already taken.
                    continue;
                }
                return -1;
            }
            if (TAIL.compareAndSet(this, t, t + 1)) {
                return t;
            }
        }
    }

    void write(long position, E event) {
        write(stamps, events, index(position), position - capacity, position, event);
    }

    /**
     * The hot path, kept small so that it inlines into the caller; everything rare (waiting for a lapped
     * producer, maintenance, callbacks) lives in separate methods. The common case (evicting a published
     * event, or filling a free slot, no maintenance) runs straight through, with one rarely-taken branch
     * after the publishing store: a nested branch before it measured 10% slower with 1 producer.
     */
    private void write(long[] stamps, Object[] events, int i, long previous, long position, E event) {
        // The flag must be read before the stamp. Reading 0 means every clear/purge that read tail before
        // our claim has finished, so its CASes are visible to the stamp read below; any later one waits for
        // our position. Read after the stamp, a whole clear could slip in between and we would overwrite
        // REMOVED(previous) believing it PUBLISHED (found by jcstress: ClearVsAppendTest.Crossing).
        final boolean maintaining = maintenance != 0;
        long current = (long) STAMPS.getAcquire(stamps, i);
        if (current != stamp(previous, PUBLISHED) && current != stamp(previous, REMOVED)) {
            current = awaitResolved(i, previous);
        }
        if (!maintaining) {
            STAMPS.setOpaque(stamps, i, stamp(position, WRITING));
        } else {
            current = takeSlotDuringMaintenance(i, current, position);
        }
        // Readers that see the new event must also see WRITING (or later) on their second stamp read.
        VarHandle.storeStoreFence();
        // Read the evicted event only for the callback: a snapshot being taken reads the very slots producers
        // are about to overwrite, and a load of such a line stalls the append, where a store alone would wait
        // in the store buffer.
        @SuppressWarnings("unchecked")
        final E evicted = onDiscarded != null ? (E) events[i] : null;
        events[i] = event;
        STAMPS.setRelease(stamps, i, stamp(position, PUBLISHED));
        if ((current & STATE_MASK) != PUBLISHED) {
            counters.addNonLiveOverwrites(1L); // first lap, or the slot was cleared/purged
        } else if (onDiscarded != null) {
            notifyDiscarded(evicted);
        }
        if (position == capacityMark) {
            fireCapacityReachedOnce(position);
        }
    }

    /**
     * A clear or purge may be turning PUBLISHED(previous) into REMOVED(previous): take the slot by CAS so
     * that exactly one of us resolves the previous event.
     */
    private long takeSlotDuringMaintenance(int i, long current, long position) {
        final long previous = position - capacity;
        while (!STAMPS.compareAndSet(stamps, i, current, stamp(position, WRITING))) {
            current = awaitResolved(i, previous); // a purge may be moving an event into this very slot
        }
        return current;
    }

    /** Spins until the slot's occupant at {@code previous} is published or removed; returns its stamp. */
    private long awaitResolved(int i, long previous) {
        for (int spins = 0;; spins++) {
            final long current = (long) STAMPS.getAcquire(stamps, i);
            if (current == stamp(previous, PUBLISHED) || current == stamp(previous, REMOVED)) {
                return current;
            }
            backOff(spins);
        }
    }

    static void backOff(int spins) {
        if (spins < 64) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    private void notifyDiscarded(E evicted) {
        try {
            onDiscarded.accept(evicted);
        } catch (RuntimeException e) {
            callbackFailures.record("onDiscarded", e);
        }
    }

    void fireCapacityReachedOnce(long mark) {
        if (mark != FIRED && onCapacityReachedArmed(mark)) {
            if (onCapacityReached != null) {
                try {
                    onCapacityReached.run();
                } catch (RuntimeException e) {
                    callbackFailures.record("onCapacityReached", e);
                }
            }
        }
    }

    private boolean onCapacityReachedArmed(long mark) {
        return CAPACITY_MARK.compareAndSet(this, mark, FIRED);
    }

    // ------------------------------------------------------------------------------------------------
    // Reads
    // ------------------------------------------------------------------------------------------------

    /**
     * Copies the partition's events, oldest first, into {@code out}: a contiguous run of appends in
     * append order (G1). The copy stops before the first position still being written, and drops the
     * events that turn out to be evicted while it is taken, so it is always a run the partition held.
     * Removed (cleared or purged) events are skipped.
     *
     * @return how many events were added to {@code out}
     */
    public int copyInto(List<? super E> out, Predicate<? super E> filter) {
        final long optimistic = compaction.tryOptimisticRead();
        if (optimistic != 0) {
            final int start = out.size();
            final int copied = copyIntoUnguarded(out, filter);
            if (compaction.validate(optimistic)) {
                return copied;
            }
            truncate(out, start); // a purge moved events while we copied: copy again under the read lock
        }
        final long stamp = compaction.readLock();
        try {
            return copyIntoUnguarded(out, filter);
        } finally {
            compaction.unlockRead(stamp);
        }
    }

    private int copyIntoUnguarded(List<? super E> out, Predicate<? super E> filter) {
        return copyRun(out, filter, null);
    }

    /**
     * The one copy loop behind {@link #copyInto} and {@link #capture} (its fallback): stops before the first position in
     * flight, and drops what it copied when an older position turns out evicted.
     *
     * @param range when not null, receives the positions of the first and last event copied (-1 when none)
     *              and the {@code tail} the copy started from
     */
    @SuppressWarnings("unchecked")
    int copyRun(List<? super E> out, Predicate<? super E> filter, long[] range) {
        final int start = out.size();
        final long hi = tail;
        long first = -1;
        long last = -1;
        for (long p = Math.max(0, hi - capacity); p < hi; p++) {
            final int i = index(p);
            final long before = (long) STAMPS.getAcquire(stamps, i);
            final long seen = positionOf(before);
            if (seen < p || before == stamp(p, WRITING)) {
                break; // in flight: later positions would not be contiguous with what we have
            }
            if (seen > p) {
                truncate(out, start); // p was evicted, so everything older we copied is gone too
                first = -1;
                continue;
            }
            if ((before & STATE_MASK) == REMOVED) {
                continue;
            }
            final E event = (E) events[i];
            VarHandle.loadLoadFence();
            final long after = (long) STAMPS.getVolatile(stamps, i);
            if (after != before) {
                if (positionOf(after) > p) {
                    truncate(out, start);
                    first = -1;
                }
                continue;
            }
            if (filter == null || filter.test(event)) {
                out.add(event);
                first = first < 0 ? p : first;
                last = p;
            }
        }
        if (range != null) {
            range[0] = first;
            range[1] = last;
            range[2] = hi;
        }
        return out.size() - start;
    }

    private static void truncate(List<?> out, int size) {
        if (out.size() > size) {
            out.subList(size, out.size()).clear();
        }
    }

    /**
     * Visits the partition's published, retained events oldest first without copying, until the
     * visitor returns {@code false}. Weakly consistent: each event is visited at most once and only
     * when fully published; events appended or evicted during the visit may or may not be seen.
     *
     * @return {@code false} if the visitor stopped the visit
     */
    public boolean visit(Predicate<? super E> visitor) {
        final long stamp = compaction.readLock(); // the visitor sees events as they arrive: no retry possible
        try {
            return visitUnguarded(visitor);
        } finally {
            compaction.unlockRead(stamp);
        }
    }

    @SuppressWarnings("unchecked")
    private boolean visitUnguarded(Predicate<? super E> visitor) {
        final long hi = tail;
        for (long p = Math.max(0, hi - capacity); p < hi; p++) {
            final int i = index(p);
            final long first = (long) STAMPS.getAcquire(stamps, i);
            if (first != stamp(p, PUBLISHED)) {
                continue;
            }
            final E event = (E) events[i];
            VarHandle.loadLoadFence();
            if ((long) STAMPS.getVolatile(stamps, i) != first) {
                continue;
            }
            if (!visitor.test(event)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The event at {@code position} if the partition still holds it, fully published; null if it was never
     * appended, is still being written, was evicted by a newer lap, or was cleared or purged. Takes no lock
     * unless a purge is moving events at that moment.
     */
    @SuppressWarnings("unchecked")
    public E eventAt(long position) {
        if (position < 0) {
            return null;
        }
        final long optimistic = compaction.tryOptimisticRead();
        final E event = readSlot(position);
        if (compaction.validate(optimistic)) {
            return event;
        }
        final long stamp = compaction.readLock();
        try {
            return readSlot(position);
        } finally {
            compaction.unlockRead(stamp);
        }
    }

    @SuppressWarnings("unchecked")
    private E readSlot(long position) {
        final int i = index(position);
        final long first = (long) STAMPS.getAcquire(stamps, i);
        if (first != stamp(position, PUBLISHED)) {
            return null;
        }
        final E event = (E) events[i];
        VarHandle.loadLoadFence();
        return (long) STAMPS.getVolatile(stamps, i) == first ? event : null;
    }

    /** Receives the chunks of {@link #forEachChunk}. */
    @FunctionalInterface
    public interface Chunks<E> {
        /** @return {@code false} to stop */
        boolean accept(E[] chunk, int count);
    }

    /**
     * Copies the retained events, oldest first, into {@code buffer} chunk by chunk and hands each chunk to
     * {@code chunks}. Each event is validated like a read (published, not lapped); events evicted before their
     * chunk was copied are skipped, so chunks are in append order but not necessarily contiguous. The
     * compaction lock is held only while a chunk is being filled, never while {@code chunks} runs.
     *
     * @return how many events were handed over
     */
    public long forEachChunk(E[] buffer, Chunks<? super E> chunks) {
        if (buffer.length == 0) {
            throw new IllegalArgumentException("buffer must have room for at least one event");
        }
        final long hi = tail; // events appended after the call started are not visited
        long next = Math.max(0, hi - capacity);
        long delivered = 0;
        while (next < hi) {
            final int count;
            final long stamp = compaction.readLock();
            try {
                next = Math.max(next, tail - capacity);
                int n = 0;
                while (next < hi && n < buffer.length) {
                    final E event = readSlot(next++);
                    if (event != null) {
                        buffer[n++] = event;
                    }
                }
                count = n;
            } finally {
                compaction.unlockRead(stamp);
            }
            if (count > 0) {
                delivered += count;
                final boolean more = chunks.accept(buffer, count);
                java.util.Arrays.fill(buffer, 0, count, null); // the buffer does not keep evicted events alive
                if (!more) {
                    break;
                }
            }
        }
        return delivered;
    }

    // ------------------------------------------------------------------------------------------------
    // ------------------------------------------------------------------------------------------------
    // Maintenance (RingMaintenance)
    // ------------------------------------------------------------------------------------------------

    /**
     * Removes every retained event matching {@code condition}; keeps the order and position of the
     * rest. Appends racing this call are never lost: an append claimed after it read {@code tail} is
     * kept whatever its content. Fires no discard callback.
     *
     * @return how many events were removed
     */
    public long removeIf(Predicate<? super E> condition) {
        return maintainer.removeIf(condition);
    }

    /**
     * Removes every event and, when {@code epochs} is not null, installs a fresh window epoch for this partition
     * whose floor is the tail the clear read: appends the clear removes do not count in the new buckets, appends it
     * keeps do (see {@link WindowEpoch}).
     *
     * @param epochs    the store's per-partition window epochs, or null without window tracking
     * @param partition this ring's index in {@code epochs}
     * @param retired   receives the window the new epoch replaces
     * @return how many events were removed
     */
    public long clear(AtomicReferenceArray<WindowEpoch> epochs, int partition, Supplier<BucketWindow> freshWindow,
                      Consumer<BucketWindow> retired) {
        return maintainer.clear(epochs, partition, freshWindow, retired);
    }

    // ------------------------------------------------------------------------------------------------
    // Counters (RingCounters)
    // ------------------------------------------------------------------------------------------------

    /** Appends accepted (exact at quiescence; includes appends in flight). */
    public long appended() {
        return counters.appended(tail);
    }

    /** Events evicted to make room (exact at quiescence). */
    public long discarded() {
        return counters.discarded(tail);
    }

    public long removed() {
        return counters.removedTotal;
    }

    public long rejected() {
        return counters.rejected;
    }

    public long restored() {
        return counters.restoredTotal;
    }

    /**
     * How many clear/purge passes removed something from this partition. A capture whose value changed
     * while it was being written may hold removed events.
     */
    public long removals() {
        return counters.removals;
    }

    /** The durable sequence the next append will get. */
    public long nextSequence() {
        return tail;
    }

    /** Events retained now: exact at quiescence, clamped to [0, capacity] while producers run. */
    public int size() {
        return counters.size(capacity);
    }

    // ------------------------------------------------------------------------------------------------
    // Snapshot support (RingCapture)
    // ------------------------------------------------------------------------------------------------

    /**
     * What a snapshot of this partition holds: a contiguous run of appends (G1) and the durable sequence
     * range it covers. Sequences are ring positions: they never go back, not on clear, not on purge, and
     * a restore continues them, so "newer snapshot" always means "higher {@code lastSequence}".
     *
     * @param firstSequence sequence of the first event, or {@code lastSequence + 1} when empty
     * @param lastSequence  sequence of the last event, or the last sequence claimed before the capture
     * @param removals      {@link #removals()} when the capture started
     */
    public record Capture<E>(List<E> events, long firstSequence, long lastSequence, long removals) {
    }

    /** Captures the partition without blocking producers; see {@link #copyInto}. */
    public Capture<E> capture() {
        return capturer.capture();
    }

    /**
     * Puts back events from a snapshot, oldest first, so that sequences continue after
     * {@code lastSequence}. Never evicts: on a partition that already holds events (appends that came
     * before the restore), only the newest restored events that fit in the free capacity are put back,
     * after the existing ones. Restored events are not counted as appends.
     *
     * @return how many events were restored
     */
    public int restore(List<? extends E> restoredEvents, long lastSequence) {
        return capturer.restore(restoredEvents, lastSequence, null, null);
    }

    /**
     * {@link #restore(List, long)} that records {@code timestamps[i]} in {@code into} for the sequence event {@code i}
     * takes, before the event is published (as the feed does), for each event put back.
     */
    public int restore(List<? extends E> restoredEvents, long lastSequence, SequenceLongs into, long[] timestamps) {
        return capturer.restore(restoredEvents, lastSequence, java.util.Objects.requireNonNull(into, "into"),
                java.util.Objects.requireNonNull(timestamps, "timestamps"));
    }
}
