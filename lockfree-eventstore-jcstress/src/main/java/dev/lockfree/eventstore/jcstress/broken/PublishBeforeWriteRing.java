package dev.lockfree.eventstore.jcstress.broken;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * A deliberately BROKEN copy of PartitionRing's slot protocol (append and copyInto only): the producer
 * release-stores {@code PUBLISHED(p)} before it stores the event. A reader that validates
 * {@code PUBLISHED(p)} twice can then still read the previous lap's event (or null on the first lap).
 * It exists only to prove that the jcstress harness and the build can fail; see
 * {@link PublishBeforeWriteTest}.
 */
final class PublishBeforeWriteRing<E> {

    private static final long WRITING = 0;
    private static final long PUBLISHED = 1;
    private static final VarHandle TAIL;
    private static final VarHandle STAMPS = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(PublishBeforeWriteRing.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int capacity;
    private final Object[] events;
    private final long[] stamps;
    private volatile long tail;

    PublishBeforeWriteRing(int capacity) {
        this.capacity = capacity;
        this.events = new Object[capacity];
        this.stamps = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            stamps[i] = (i - (long) capacity) * 4 + PUBLISHED;
        }
    }

    void offer(E event) {
        long p = (long) TAIL.getAndAdd(this, 1L);
        int i = (int) (p % capacity);
        long previous = (p - capacity) * 4 + PUBLISHED;
        while ((long) STAMPS.getAcquire(stamps, i) != previous) {
            Thread.onSpinWait();
        }
        STAMPS.setOpaque(stamps, i, p * 4 + WRITING);
        VarHandle.storeStoreFence();
        STAMPS.setRelease(stamps, i, p * 4 + PUBLISHED); // BUG: published before the event is written
        events[i] = event;
    }

    @SuppressWarnings("unchecked")
    int copyInto(List<? super E> out) {
        int start = out.size();
        long hi = tail;
        for (long p = Math.max(0, hi - capacity); p < hi; p++) {
            int i = (int) (p % capacity);
            long first = (long) STAMPS.getAcquire(stamps, i);
            long seen = first >> 2;
            if (seen < p || first == p * 4 + WRITING) {
                break;
            }
            if (seen > p) {
                out.subList(start, out.size()).clear();
                continue;
            }
            E event = (E) events[i];
            VarHandle.loadLoadFence();
            long second = (long) STAMPS.getVolatile(stamps, i);
            if (second != first) {
                if ((second >> 2) > p) {
                    out.subList(start, out.size()).clear();
                }
                continue;
            }
            out.add(event);
        }
        return out.size() - start;
    }
}
