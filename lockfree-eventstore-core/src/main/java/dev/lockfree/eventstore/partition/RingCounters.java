package dev.lockfree.eventstore.partition;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The counters of one {@link PartitionRing}, from which appended, discarded, removed, rejected, restored and the
 * size are derived (exact at quiescence, see "Append" on {@link PartitionRing}).
 *
 * <p>Why an object of their own: no append in steady state writes here. Producers add to
 * {@link #nonLiveOverwrites} only on the first lap and after a clear or purge, and {@link #rejected} only under the
 * reject policy; everything else is written by maintenance and restore. Kept in the ring, these writes would
 * invalidate the line that holds the fields every append reads (capacity, arrays, maintenance flag, capacity
 * mark). The paddings keep this object's counters off the lines of whatever the allocator put next to it.
 * The cost is one pointer load, on the rare branches only.
 */
final class RingCounters extends RingCountersPadding {

    private static final VarHandle NON_LIVE;
    private static final VarHandle REMOVED_TOTAL;
    private static final VarHandle REJECTED;
    private static final VarHandle NOT_APPENDED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NON_LIVE = lookup.findVarHandle(RingCounters.class, "nonLiveOverwrites", long.class);
            REMOVED_TOTAL = lookup.findVarHandle(RingCounters.class, "removedTotal", long.class);
            REJECTED = lookup.findVarHandle(RingCounters.class, "rejected", long.class);
            NOT_APPENDED = lookup.findVarHandle(RingCounters.class, "notAppended", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /*
     * Declared counters first, trailing padding last: HotSpot lays out fields of one size in declaration order
     * (in practice, not by specification), after the superclass's padding.
     */
    /** Positions that overwrote a removed (or never used) slot. Written on the first lap and after maintenance only. */
    volatile long nonLiveOverwrites;
    /** Events removed by clear and purge. Written by maintenance only. */
    volatile long removedTotal;
    volatile long rejected;
    /** Claimed positions that were not appends (restored events, and positions before a restore). */
    volatile long notAppended;
    /** Correction to {@code tail - nonLiveOverwrites} for positions a restore skipped or filled. Maintenance lock. */
    volatile long notDiscarded;
    /** Events put back by a restore. Maintenance lock. */
    volatile long restoredTotal;
    /** Number of clear/purge passes that removed at least one event. Maintenance lock. */
    volatile long removals;
    /** Events moved by compaction (each one vacated a slot and filled another). Maintenance lock. */
    volatile long moves;
    long p11, p12, p13, p14, p15, p16, p17;

    void addNonLiveOverwrites(long n) {
        NON_LIVE.getAndAdd(this, n);
    }

    void addRemoved(long n) {
        REMOVED_TOTAL.getAndAdd(this, n);
    }

    void addRejected() {
        REJECTED.getAndAdd(this, 1L);
    }

    void addNotAppended(long n) {
        NOT_APPENDED.getAndAdd(this, n);
    }

    /** Appends accepted, given the ring's {@code tail} (exact at quiescence; includes appends in flight). */
    long appended(long tail) {
        return tail - notAppended;
    }

    /** Events evicted to make room, given the ring's {@code tail} (exact at quiescence). */
    long discarded(long tail) {
        return Math.max(0, tail - nonLiveOverwrites - notDiscarded);
    }

    /** Events retained now: exact at quiescence, clamped to [0, capacity] while producers run. */
    int size(int capacity) {
        long live = nonLiveOverwrites - removedTotal - moves;
        return (int) Math.max(0, Math.min(capacity, live));
    }
}

/** Padding before the counters of {@link RingCounters}; see {@link RingLeftPadding}. */
abstract class RingCountersPadding {
    long p01, p02, p03, p04, p05, p06, p07;
}
