package dev.lockfree.eventstore.partition;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.OptionalLong;

/**
 * The source positions (e.g. Kafka offsets) of the newest events of one externally fed partition, indexed by
 * the events' ring sequences, so that a snapshot can name the position of exactly the newest event it captured.
 *
 * <p>One writer per partition (the feed). It records a sequence's position <em>before</em> the event is
 * published into the ring; a reader that saw the event published (acquire) therefore also sees its position.
 * Each slot is a tiny seqlock: {@code tag = WRITING}, position, {@code tag = sequence} (release); a reader
 * takes the position only if it reads the sequence's tag before and after it. A slot overwritten since (the
 * feed went more than {@link #slots()} events further) answers empty, and the caller captures again.
 *
 * <p>The ring of positions is smaller than the partition (at most {@value #MAX_SLOTS} slots): only the
 * newest sequences are ever asked for, and a smaller ring only makes a capture retry when the feed laps it
 * between the capture and the look-up.
 */
public final class SourcePositions {

    static final int MAX_SLOTS = 1 << 14;
    private static final long WRITING = Long.MIN_VALUE;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] tags;
    private final long[] positions;
    private final int mask;

    public SourcePositions(int capacity) {
        int slots = Integer.highestOneBit(Math.max(1, Math.min(capacity, MAX_SLOTS)));
        if (slots < capacity && slots < MAX_SLOTS) {
            slots <<= 1;
        }
        this.tags = new long[slots];
        this.positions = new long[slots];
        this.mask = slots - 1;
        java.util.Arrays.fill(tags, -1L);
    }

    public int slots() {
        return tags.length;
    }

    /** Records the position of {@code sequence}. Single writer; call before the event is published. */
    public void record(long sequence, long position) {
        int i = (int) (sequence & mask);
        LONGS.setOpaque(tags, i, WRITING);
        VarHandle.storeStoreFence();
        LONGS.setOpaque(positions, i, position);
        LONGS.setRelease(tags, i, sequence);
    }

    /** The position recorded for {@code sequence}, or empty if none was or it was overwritten since. */
    public OptionalLong positionOf(long sequence) {
        if (sequence < 0) {
            return OptionalLong.empty();
        }
        int i = (int) (sequence & mask);
        long before = (long) LONGS.getAcquire(tags, i);
        long position = (long) LONGS.getOpaque(positions, i);
        VarHandle.loadLoadFence();
        long after = (long) LONGS.getVolatile(tags, i);
        return before == sequence && after == sequence ? OptionalLong.of(position) : OptionalLong.empty();
    }
}
