package dev.lockfree.eventstore.partition;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small number per producer thread, handed out round-robin in the order threads first append. Unkeyed
 * appends use it to put each producer on its own partition (and window stripe): a shared ring does not
 * scale across cores whoever writes it (perf-anchors: about 10x slower at 2 producers), so the first P
 * producers must land on P distinct partitions whatever their thread ids are.
 *
 * <p>A {@code ThreadLocal} lookup measured several nanoseconds on the append path, and thread ids
 * alone are not dense (two workers with ids 13 and 15 would share a partition of two). So the number
 * is kept in a small table indexed by thread id: one load and one compare per append. Two live threads
 * whose ids are {@value #SLOTS} apart share a table slot and may be renumbered now and then, which only
 * moves them between partitions (unkeyed routing promises no stability).
 */
public final class ProducerIndex {

    private static final int SLOTS = 4096;
    private static final VarHandle ENTRIES = MethodHandles.arrayElementVarHandle(long[].class);
    /** Per slot: the owning thread id in the high half, its number in the low half. */
    private static final long[] TABLE = new long[SLOTS];
    private static final AtomicInteger NEXT = new AtomicInteger();

    static {
        java.util.Arrays.fill(TABLE, -1L);
    }

    private ProducerIndex() {
    }

    /** The calling thread's index, never negative. */
    @SuppressWarnings("deprecation") // Thread.threadId() only exists from Java 19; the id is the same
    public static int current() {
        final long id = Thread.currentThread().getId();
        final int slot = (int) (id & (SLOTS - 1));
        final long entry = (long) ENTRIES.getOpaque(TABLE, slot);
        if ((entry >>> 32) == (id & 0xFFFF_FFFFL)) {
            return (int) entry & Integer.MAX_VALUE;
        }
        final int index = NEXT.getAndIncrement() & Integer.MAX_VALUE;
        ENTRIES.setOpaque(TABLE, slot, (id << 32) | index);
        return index;
    }
}
