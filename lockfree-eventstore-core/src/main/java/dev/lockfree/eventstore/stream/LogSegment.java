package dev.lockfree.eventstore.stream;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A run of consecutive version slots of one stream: slot {@code v - base} holds version {@code v}. A slot
 * goes from {@code null} (free) to a {@link StreamRecord} by one CAS, which both assigns the version and
 * publishes the event, and later possibly to {@link #EVICTED}; or from {@code null} to {@link #SEALED}, which
 * ends the log. It never becomes {@code null} again. Segments
 * are linked oldest to newest and grow lock-free (a CAS on {@code next}); their lengths double from
 * {@value #FIRST_LENGTH} up to {@value #MAX_LENGTH}, so a short stream costs little and a long one walks few
 * links.
 */
final class LogSegment {

    static final int FIRST_LENGTH = 16;
    static final int MAX_LENGTH = 1024;

    /**
     * The record of this slot left the stream (evicted by the store, or removed by clear/purge). The slot
     * stays non-null, so that no append can ever claim that version again, but the event can be collected.
     */
    static final Object EVICTED = new Object() {
        @Override
        public String toString() {
            return "EVICTED";
        }
    };

    /**
     * The stream was forgotten at this version (see {@code StreamLog#seal}): put in the first free slot by one
     * CAS, so no append can claim this version or any later one in this log. Appends that meet it retry on a
     * fresh log; readers treat the log as absent.
     */
    static final Object SEALED = new Object() {
        @Override
        public String toString() {
            return "SEALED";
        }
    };

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(LogSegment.class, "next", LogSegment.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long base;
    private final Object[] slots;
    private volatile LogSegment next;

    LogSegment(long base, int length) {
        this.base = base;
        this.slots = new Object[length];
    }

    /** One past the last version this segment holds. */
    long end() {
        return base + slots.length;
    }

    /**
     * The slot's content: {@code null}, a record or {@link #EVICTED}. Acquire: pairs with the CAS that
     * published the record, so the record and the event it carries are seen fully constructed.
     */
    Object get(long version) {
        return SLOTS.getAcquire(slots, (int) (version - base));
    }

    /**
     * Assigns {@code version} to {@code record} if nobody has: the linearisation point of an append. A
     * volatile CAS, so everything written before it (the record, the event) is visible to any reader that
     * sees the record.
     */
    boolean claim(long version, Object record) {
        return SLOTS.compareAndSet(slots, (int) (version - base), null, record);
    }

    /** Drops the record of an already claimed slot; release, after the stream's {@code oldest} moved past it. */
    void evict(long version) {
        SLOTS.setRelease(slots, (int) (version - base), EVICTED);
    }

    /** Fills a slot of a segment not yet visible to other threads (restore builds logs before publishing them). */
    void fill(long version, Object record) {
        slots[(int) (version - base)] = record;
    }

    LogSegment next() {
        return next;
    }

    /** The next segment, appending it if there is none yet (losers of the CAS use the winner's). */
    LogSegment nextOrAppend() {
        LogSegment n = next;
        if (n != null) {
            return n;
        }
        LogSegment created = new LogSegment(end(), Math.min(MAX_LENGTH, Math.max(FIRST_LENGTH, slots.length * 2)));
        return NEXT.compareAndSet(this, null, created) ? created : next;
    }
}
