package dev.lockfree.eventstore.partition;

import dev.lockfree.eventstore.window.BucketWindow;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static dev.lockfree.eventstore.partition.PartitionRing.PUBLISHED;
import static dev.lockfree.eventstore.partition.PartitionRing.REMOVED;
import static dev.lockfree.eventstore.partition.PartitionRing.STATE_MASK;
import static dev.lockfree.eventstore.partition.PartitionRing.WRITING;
import static dev.lockfree.eventstore.partition.PartitionRing.positionOf;
import static dev.lockfree.eventstore.partition.PartitionRing.stamp;

/**
 * Maintenance of one {@link PartitionRing}: clear, purge ({@code removeIf}), the compaction that follows a purge,
 * the re-arming of the capacity-reached edge, and the window epoch floor that makes a clear exact for the time
 * buckets. The protocol is described on {@link PartitionRing} ("Maintenance"); in short, maintenance raises the
 * ring's {@code maintenance} flag, reads {@code tail}, waits for the positions claimed before that read, and
 * turns {@code PUBLISHED(q)} into {@code REMOVED(q)} by CAS, while producers that saw the flag take slots by CAS.
 *
 * <p>All of it runs under {@link #lock}, one pass at a time per ring; {@link RingCapture#restore} takes the same
 * lock. Nothing here is on the append path: the ring keeps the flag and the capacity mark its producers read.
 *
 * @param <E> the event type
 */
final class RingMaintenance<E> {

    private static final VarHandle STAMPS = MethodHandles.arrayElementVarHandle(long[].class);

    private final PartitionRing<E> ring;
    private final RingCounters counters;
    private final int capacity;
    private final long[] stamps;
    private final Object[] events;
    /** Serialises clear, purge and restore of one ring. */
    final Object lock = new Object();
    /** Highest position ever marked removed (including the initial, virtual ones). Guarded by {@link #lock}. */
    long highestRemoved = -1;

    RingMaintenance(PartitionRing<E> ring, RingCounters counters, long[] stamps, Object[] events) {
        this.ring = ring;
        this.counters = counters;
        this.capacity = ring.capacity();
        this.stamps = stamps;
        this.events = events;
    }

    private int index(long position) {
        return ring.index(position);
    }


    /**
     * Removes every retained event matching {@code condition}; keeps the order and position of the
     * rest. Appends racing this call are never lost: an append claimed after it read {@code tail} is
     * kept whatever its content. Fires no discard callback.
     *
     * @return how many events were removed
     */
    long removeIf(Predicate<? super E> condition) {
        return removeIf(condition, null, null);
    }

    /**
     * Removes every event, as {@code removeIf(e -> true)}, and with window tracking ({@code epochs} not null)
     * starts a new window epoch for the partition: the epoch floor that makes a clear exact for the buckets too.
     *
     * <p>An append counts in an epoch only if its position is at or after the epoch's floor, i.e. only if the
     * clear that installed the epoch did not remove it. Under the maintenance flag, the new epoch is installed
     * with a {@link WindowEpoch#PENDING} floor BEFORE {@code tail} is read, so that a producer that claims after
     * that read (and reads the epoch after its claim) sees it; the tail read is then published as its floor.
     * Producers that find the floor pending spin for those few instructions ({@link WindowEpoch#awaitFloor}).
     *
     * @param epochs    the store's per-partition epochs, or null without window tracking
     * @param retired   receives the window the new epoch replaces (to carry its statistics over)
     * @return how many events were removed
     */
    long clear(AtomicReferenceArray<WindowEpoch> epochs, int partition, Supplier<BucketWindow> freshWindow,
               Consumer<BucketWindow> retired) {
        if (epochs == null) {
            return removeIf(e -> true);
        }
        final WindowEpoch[] created = new WindowEpoch[1];
        return removeIf(e -> true,
                () -> {
                    final WindowEpoch previous = epochs.get(partition);
                    previous.retire(); // before tail is read: see WindowEpoch.isRetired
                    retired.accept(previous.window);
                    created[0] = new WindowEpoch(freshWindow.get(), WindowEpoch.PENDING);
                    epochs.set(partition, created[0]);
                },
                hi -> created[0].publishFloor(hi));
    }

    /**
     * As {@link #removeIf(Predicate)}; {@code beforeBoundary} runs (flag set) just before tail is read and
     * {@code atBoundary} receives the tail read: positions below it are the ones this pass may remove.
     */
    @SuppressWarnings("unchecked")
    private long removeIf(Predicate<? super E> condition, Runnable beforeBoundary,
                          java.util.function.LongConsumer atBoundary) {
        synchronized (lock) {
            ring.maintenance = 1;
            try {
                if (beforeBoundary != null) {
                    beforeBoundary.run();
                }
                final long hi = ring.tail; // positions >= hi are claimed after the flag is visible
                if (atBoundary != null) {
                    atBoundary.accept(hi);
                }
                final long lo = Math.max(0, hi - capacity);
                awaitClaimedBefore(lo, hi);
                long removed = 0;
                long highest = -1;
                for (long p = lo; p < hi; p++) {
                    final int i = index(p);
                    final long current = (long) STAMPS.getAcquire(stamps, i);
                    if (current != stamp(p, PUBLISHED)) {
                        continue; // already removed, or evicted by a newer append
                    }
                    final E event = (E) events[i];
                    VarHandle.loadLoadFence();
                    if ((long) STAMPS.getVolatile(stamps, i) != current || !condition.test(event)) {
                        continue;
                    }
                    if (STAMPS.compareAndSet(stamps, i, current, stamp(p, REMOVED))) {
                        removed++;
                        highest = p;
                    }
                }
                if (removed > 0) {
                    counters.addRemoved(removed);
                    counters.removals++;
                    rearmCapacityReached(compact(lo, hi, highest));
                }
                return removed;
            } finally {
                ring.maintenance = 0;
            }
        }
    }

    /**
     * Moves the events that survived a removal up to the newest positions of [lo, hi), in order, so that
     * the freed slots are the oldest ones and the next appends fill them instead of evicting live events
     * (a partition of capacity C keeps C events, whatever a purge removed). Runs under the maintenance
     * lock with producers in CAS mode, and under the write side of {@link PartitionRing#compaction} so that readers,
     * which could otherwise see a moving event twice or not at all, wait or retry.
     *
     * <p>A producer that claims a slot first wins: it is one lap ahead, its append counts as if it came
     * before the purge, and so do the evictions of every older slot, so the compaction stops there.
     *
     * @return the highest position left free (removed) in the ring
     */
    @SuppressWarnings("unchecked")
    private long compact(long lo, long hi, long highestMarked) {
        final long stamp = ring.compaction.writeLock();
        try {
            long target = hi - 1; // next position to fill, from the top down
            for (long q = hi - 1; q >= lo; q--) {
                final int qi = index(q);
                final long current = (long) STAMPS.getAcquire(stamps, qi);
                if (positionOf(current) > q) {
                    return abortedAt(highestMarked, target); // evicted by a newer lap: so is all below
                }
                if (current != stamp(q, PUBLISHED)) {
                    continue; // a hole
                }
                if (q == target) {
                    target--;
                    continue;
                }
                final int ti = index(target);
                if (!STAMPS.compareAndSet(stamps, ti, stamp(target, REMOVED), stamp(target, WRITING))) {
                    return abortedAt(highestMarked, target); // a producer took the target slot
                }
                final E event = (E) events[qi];
                if (!STAMPS.compareAndSet(stamps, qi, current, stamp(q, REMOVED))) {
                    STAMPS.setRelease(stamps, ti, stamp(target, REMOVED));
                    return abortedAt(highestMarked, target);
                }
                events[ti] = event;
                STAMPS.setRelease(stamps, ti, stamp(target, PUBLISHED));
                // one more write into a free slot, one more slot freed: retained and discarded unchanged
                counters.addNonLiveOverwrites(1L);
                counters.notDiscarded = counters.notDiscarded - 1;
                counters.moves++;
                target--;
            }
            return target; // every position above it in the window is live now
        } finally {
            ring.compaction.unlockWrite(stamp);
        }
    }

    /** Where free slots may remain when a compaction stopped early: an upper bound is safe (fires later). */
    private long abortedAt(long highestMarked, long target) {
        return Math.max(highestRemoved, Math.max(highestMarked, target));
    }

    /** Waits until every position in [lo, hi) is published (or removed): producers finish quickly. */
    private void awaitClaimedBefore(long lo, long hi) {
        for (long p = lo; p < hi; p++) {
            awaitWritten(p);
        }
    }

    /** Spins until position {@code p} is published or removed, or its slot has moved on to a later lap. */
    private void awaitWritten(long p) {
        final int i = index(p);
        for (int spins = 0;; spins++) {
            final long current = (long) STAMPS.getAcquire(stamps, i);
            if (positionOf(current) > p || (positionOf(current) == p && (current & STATE_MASK) != WRITING)) {
                return;
            }
            PartitionRing.backOff(spins);
        }
    }

    /**
     * The partition is full again once the newest removed position has been overwritten, i.e. when
     * position {@code highestRemoved + capacity} is published. If that producer already passed the
     * check before the new mark was visible, fire here; the CAS on the mark makes it exactly once.
     */
    private void rearmCapacityReached(long highestFree) {
        highestRemoved = highestFree;
        final long mark = highestRemoved + capacity;
        ring.capacityMark = mark;
        if (ring.tail > mark) {
            awaitWritten(mark);
            ring.fireCapacityReachedOnce(mark);
        }
    }

}
