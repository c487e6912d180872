package dev.lockfree.eventstore.partition;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.OptionalLong;

/**
 * One {@code long} per ring sequence of one externally fed partition, recorded by the feed alongside each event:
 * its source position (e.g. a Kafka offset), so that a snapshot can name the position of exactly the newest event
 * it captured, or its timestamp (a Kafka record's), so that windows and snapshots have one for every retained event.
 *
 * <p>One writer per partition (the feed, or a restore on its thread). It records a sequence's value <em>before</em>
 * the event is published into the ring; a reader that saw the event published (acquire) therefore also sees its
 * value. Each slot is a tiny seqlock: {@code tag = WRITING}, value, {@code tag = sequence} (release); a reader
 * takes the value only if it reads the sequence's tag before and after it. A slot overwritten since (the feed went
 * {@link #slots()} or more sequences further) answers empty, and the caller captures again.
 *
 * <p>The slot count is the partition's capacity rounded up to a power of two, capped by {@code maxSlots}. Source
 * positions use a small cap ({@link #POSITION_SLOTS}): only the newest sequences are ever asked for, and a smaller
 * ring only makes a capture retry when the feed laps it between the capture and the look-up. Timestamps use no cap
 * ({@link #ALL_SLOTS}), so that every retained event's timestamp is there.
 */
public final class SequenceLongs {

    /** The cap for source positions. */
    public static final int POSITION_SLOTS = 1 << 14;
    /** No cap: at least one slot per event the partition retains. */
    public static final int ALL_SLOTS = 1 << 30;
    private static final long WRITING = Long.MIN_VALUE;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] tags;
    private final long[] values;
    private final int mask;

    /**
     * @param capacity the partition's capacity
     * @param maxSlots at most this many slots (a power of two)
     */
    public SequenceLongs(int capacity, int maxSlots) {
        if (Integer.bitCount(maxSlots) != 1) {
            throw new IllegalArgumentException("maxSlots must be a power of two but was " + maxSlots);
        }
        int slots = Integer.highestOneBit(Math.max(1, Math.min(capacity, maxSlots)));
        if (slots < capacity && slots < maxSlots) {
            slots <<= 1;
        }
        this.tags = new long[slots];
        this.values = new long[slots];
        this.mask = slots - 1;
        java.util.Arrays.fill(tags, -1L);
    }

    public int slots() {
        return tags.length;
    }

    /** Records the value of {@code sequence}. Single writer; call before the event is published. */
    public void record(long sequence, long value) {
        int i = (int) (sequence & mask);
        LONGS.setOpaque(tags, i, WRITING);
        VarHandle.storeStoreFence();
        LONGS.setOpaque(values, i, value);
        LONGS.setRelease(tags, i, sequence);
    }

    /** The value recorded for {@code sequence}, or empty if none was or it was overwritten since. */
    public OptionalLong valueOf(long sequence) {
        long value = valueOr(sequence, Long.MIN_VALUE);
        return value == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /**
     * The value recorded for {@code sequence}, or {@code absent} if none was or it was overwritten since: the
     * look-up of {@link #valueOf} without an object per call, for values that cannot be {@code absent}.
     */
    public long valueOr(long sequence, long absent) {
        if (sequence < 0) {
            return absent;
        }
        int i = (int) (sequence & mask);
        long before = (long) LONGS.getAcquire(tags, i);
        long value = (long) LONGS.getOpaque(values, i);
        VarHandle.loadLoadFence();
        long after = (long) LONGS.getVolatile(tags, i);
        return before == sequence && after == sequence ? value : absent;
    }
}
