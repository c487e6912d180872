package dev.lockfree.eventstore.partition;

import dev.lockfree.eventstore.partition.PartitionRing.Capture;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

import static dev.lockfree.eventstore.partition.PartitionRing.FIRED;
import static dev.lockfree.eventstore.partition.PartitionRing.PUBLISHED;
import static dev.lockfree.eventstore.partition.PartitionRing.REMOVED;
import static dev.lockfree.eventstore.partition.PartitionRing.TAIL;
import static dev.lockfree.eventstore.partition.PartitionRing.WRITING;
import static dev.lockfree.eventstore.partition.PartitionRing.positionOf;
import static dev.lockfree.eventstore.partition.PartitionRing.stamp;

/**
 * Capture and restore of one {@link PartitionRing}, for snapshots: {@link #capture} copies a contiguous run of
 * published appends without blocking producers (a bulk pass over the stamps, with the slot-by-slot copy of the
 * ring's reads as the fallback when a slot was cleared or purged); {@link #restore} puts a snapshot back so that
 * sequences continue after it. Capture takes the read side of the ring's compaction lock; restore the
 * maintenance lock, as clear and purge do.
 *
 * @param <E> the event type
 */
final class RingCapture<E> {

    private static final VarHandle STAMPS = MethodHandles.arrayElementVarHandle(long[].class);

    private final PartitionRing<E> ring;
    private final RingCounters counters;
    private final RingMaintenance<E> maintainer;
    private final int capacity;
    private final long[] stamps;
    private final Object[] events;

    RingCapture(PartitionRing<E> ring, RingCounters counters, RingMaintenance<E> maintainer, long[] stamps,
                Object[] events) {
        this.ring = ring;
        this.counters = counters;
        this.maintainer = maintainer;
        this.capacity = ring.capacity();
        this.stamps = stamps;
        this.events = events;
    }

    private int index(long position) {
        return ring.index(position);
    }


    /** Captures the partition without blocking producers; see {@link PartitionRing#copyInto}. */
    Capture<E> capture() {
        final long stamp = ring.compaction.readLock();
        try {
            return captureUnguarded();
        } finally {
            ring.compaction.unlockRead(stamp);
        }
    }

    private Capture<E> captureUnguarded() {
        final long removalsBefore = counters.removals;
        final Capture<E> bulk = bulkCapture(removalsBefore);
        return bulk != null ? bulk : slotBySlotCapture(removalsBefore);
    }

    private Capture<E> slotBySlotCapture(long removalsBefore) {
        final List<E> out = new java.util.ArrayList<>(ring.size());
        final long[] range = new long[3];
        ring.copyRun(out, null, range);
        if (out.isEmpty()) {
            return new Capture<>(List.of(), range[2], range[2] - 1, removalsBefore);
        }
        return new Capture<>(java.util.Collections.unmodifiableList(out), range[0], range[1], removalsBefore);
    }

    /** Slots per stamp check of {@link #bulkCapture}: the expected stamps (8 KiB) stay in L1. */
    private static final int CAPTURE_BLOCK = 1024;

    /**
     * The capture of {@link PartitionRing#copyRun} in three bulk steps, with no per-slot work unless a slot is not in its
     * steady state:
     * <ol>
     * <li>the stamps, block by block against the expected {@code PUBLISHED(p)} with {@link java.util.Arrays#mismatch}
     *     (a vectorized intrinsic); only from a slot that differs on is the block looked at slot by slot, which
     *     settles the run {@code [start, end)}: a slot a producer overwrote since {@code tail} was read (the run
     *     restarts after it, as everything older was evicted too), a slot still being written (the run ends before
     *     it), a slot cleared or purged (null: {@link #slotBySlotCapture} skips holes);</li>
     * <li>the events of the run, with one {@code System.arraycopy} per segment of the ring (one or two);</li>
     * <li>{@code tail} again: the events copied are those the stamps promised, except in slots that a producer
     *     claimed since, which the run drops (they are evicted by then). No second pass over the stamps.</li>
     * </ol>
     *
     * @return the capture, or null when a slot was cleared or purged
     */
    @SuppressWarnings("unchecked")
    private Capture<E> bulkCapture(long removalsBefore) {
        final long[] stamps = this.stamps;
        final long hi = ring.tail;
        final long lo = Math.max(0, hi - capacity);
        long start = lo; // first position of the run
        long end = hi;   // one past its last
        final long[] expected = new long[(int) Math.min(CAPTURE_BLOCK, hi - lo)];
        long expectedFrom = lo; // expected[k] == stamp(expectedFrom + k, PUBLISHED)
        for (int k = 0; k < expected.length; k++) {
            expected[k] = stamp(lo + k, PUBLISHED);
        }
        scan:
        for (long blockStart = lo; blockStart < end; ) {
            final int firstSlot = index(blockStart);
            final int length = (int) Math.min(Math.min(end - blockStart, expected.length), capacity - firstSlot);
            if (blockStart != expectedFrom) {
                final long shift = (blockStart - expectedFrom) * 4; // a plain add loop: C2 vectorizes it
                for (int k = 0; k < expected.length; k++) { // all of it: the next block may be longer
                    expected[k] += shift;
                }
                expectedFrom = blockStart;
            }
            // Plain loads: the acquireFence below orders all of them before the event loads.
            final int differs = java.util.Arrays.mismatch(stamps, firstSlot, firstSlot + length, expected, 0, length);
            if (differs >= 0) {
                for (int k = differs; k < length; k++) {
                    final long p = blockStart + k;
                    final long st = (long) STAMPS.getAcquire(stamps, firstSlot + k);
                    if (st != stamp(p, PUBLISHED)) {
                        final long seen = positionOf(st);
                        if (seen > p) {
                            start = p + 1; // evicted since tail was read: so is everything older
                        } else if (seen < p || st == stamp(p, WRITING)) {
                            end = p;       // in flight: later positions would not be contiguous
                            break scan;
                        } else {
                            return null;   // removed by a clear or purge
                        }
                    }
                }
            }
            blockStart += length;
        }
        // Memory ordering, the seqlock argument split in two:
        // - before: each stamp of [start, end) read PUBLISHED(p) in step 1, and this fence keeps those loads before
        //   the event loads of step 2. PUBLISHED(p) is release-stored after event p, so each slot copied holds
        //   event p or one stored later in that slot (compaction, the only other writer of older events, is
        //   excluded by the read lock capture() holds).
        // - after: a later event in slot p is a producer's, for position p + capacity or later, and that producer
        //   claimed its position (getAndAdd on tail) before the storeStoreFence that precedes its event store. The
        //   loadLoadFence after the copy pairs with it: a copy that saw that event store sees the claim too, so
        //   tail read after the copy exceeds p + capacity. Dropping every position below tail - capacity therefore
        //   drops every slot that may hold a newer event, and what remains was published and not yet claimed for
        //   eviction at that read: a run the partition held then (G1). Where the producers did not move, as in a
        //   quiet partition, this costs one load instead of a second pass over the stamps.
        VarHandle.acquireFence();
        if (start >= end) {
            return new Capture<>(List.of(), hi, hi - 1, removalsBefore);
        }
        final Object[] out = copyEvents(start, (int) (end - start));
        VarHandle.loadLoadFence();
        final long firstHeld = ring.tail - capacity;
        if (firstHeld > start) {
            final int dropped = (int) Math.min(firstHeld - start, out.length);
            java.util.Arrays.fill(out, 0, dropped, null); // evicted events: do not keep them alive
            start += dropped;
            if (start >= end) {
                return new Capture<>(List.of(), hi, hi - 1, removalsBefore);
            }
        }
        List<E> run = (List<E>) java.util.Arrays.asList(out);
        if (end - start < out.length) {
            run = run.subList(out.length - (int) (end - start), out.length);
        }
        return new Capture<>(java.util.Collections.unmodifiableList(run), start, end - 1, removalsBefore);
    }

    /**
     * The events of positions [first, first + count) into a new array, one copy per segment of the ring. The
     * allocation directly followed by its first copy lets C2 skip zeroing what that copy covers.
     */
    private Object[] copyEvents(long first, int count) {
        final int firstSlot = index(first);
        final int head = Math.min(count, capacity - firstSlot);
        final Object[] out = new Object[count];
        System.arraycopy(events, firstSlot, out, 0, head);
        if (head < count) {
            System.arraycopy(events, 0, out, head, count - head);
        }
        return out;
    }

    /**
     * Puts back events from a snapshot, oldest first, so that sequences continue after
     * {@code lastSequence}. Never evicts: on a partition that already holds events (appends that came
     * before the restore), only the newest restored events that fit in the free capacity are put back,
     * after the existing ones. Restored events are not counted as appends.
     *
     * @return how many events were restored
     */
    int restore(List<? extends E> restoredEvents, long lastSequence, SequenceLongs timestampRing, long[] timestamps) {
        synchronized (maintainer.lock) {
            final int k = Math.min(restoredEvents.size(), capacity);
            final int skip = restoredEvents.size() - k; // index in restoredEvents of newest.get(0)
            final List<? extends E> newest = restoredEvents.subList(skip, restoredEvents.size());
            final long newTail = Math.max(lastSequence + 1, k);
            if (ring.tail == 0 && TAIL.compareAndSet(ring, 0L, newTail)) {
                // Untouched ring: lay the events out at the sequences that end at lastSequence. Producers
                // that claim newTail or later wait on the stamps below until they are written.
                for (long q = newTail - capacity; q < newTail; q++) {
                    final int i = (int) Math.floorMod(q, (long) capacity); // q < 0 when few events came before

                    final long offset = q - (newTail - k);
                    if (offset >= 0) {
                        if (timestampRing != null) {
                            timestampRing.record(q, timestamps[skip + (int) offset]);
                        }
                        events[i] = newest.get((int) offset);
                        STAMPS.setRelease(stamps, i, stamp(q, PUBLISHED));
                    } else {
                        STAMPS.setRelease(stamps, i, stamp(q, REMOVED));
                    }
                }
                counters.addNonLiveOverwrites(k);
                counters.notAppended = counters.notAppended + newTail;
                counters.notDiscarded = counters.notDiscarded + newTail - k;
                maintainer.highestRemoved = Math.max(maintainer.highestRemoved, newTail - k - 1);
                ring.capacityMark = k == capacity ? FIRED : maintainer.highestRemoved + capacity;
                counters.restoredTotal += k;
                return k;
            }
            // Used ring: append what fits without evicting anything.
            int restored = 0;
            final int free = capacity - ring.size();
            for (int j = Math.max(0, k - free); j < k; j++) {
                final long position = ring.claimFreeSlot();
                if (position < 0) {
                    break;
                }
                if (timestampRing != null) {
                    timestampRing.record(position, timestamps[skip + j]);
                }
                ring.write(position, newest.get(j));
                counters.addNotAppended(1L);
                restored++;
            }
            counters.restoredTotal += restored;
            return restored;
        }
    }
}
