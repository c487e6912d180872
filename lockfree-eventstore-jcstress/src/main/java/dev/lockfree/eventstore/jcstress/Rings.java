package dev.lockfree.eventstore.jcstress;

import dev.lockfree.eventstore.partition.CallbackFailures;
import dev.lockfree.eventstore.partition.PartitionRing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Helpers shared by the tests. Events are the boxed {@code Long}s 1..9, unique within one trial, so that
 * a snapshot can be encoded as the decimal digits of its events in order ({@code [2, 3]} is {@code 23},
 * the empty snapshot is {@code 0}); a {@code null} event encodes as {@code -1}, anything else as
 * {@code -2}. Outcomes can then be listed exactly in {@code @Outcome} ids. Public only for the digits
 * encoding, which the broken twins in {@code broken} share.
 */
public final class Rings {

    /** Encoding of a snapshot holding a {@code null}. */
    static final int NULL_SEEN = -1;
    /** Encoding of a snapshot holding something that is not one of the events 1..9. */
    static final int UNKNOWN_SEEN = -2;

    private Rings() {
    }

    /** A ring (drop-oldest policy) that already holds the events 1..{@code seeds}. */
    static PartitionRing<Long> seeded(int capacity, int seeds, Consumer<Long> onDiscarded) {
        PartitionRing<Long> ring = new PartitionRing<>(capacity, false, onDiscarded, null, new CallbackFailures());
        for (long v = 1; v <= seeds; v++) {
            ring.offer(v);
        }
        return ring;
    }

    static List<Long> copy(PartitionRing<Long> ring) {
        List<Long> out = new ArrayList<>(ring.capacity());
        ring.copyInto(out, null);
        return out;
    }

    static List<Long> visit(PartitionRing<Long> ring) {
        List<Long> out = new ArrayList<>(ring.capacity());
        ring.visit(e -> {
            out.add(e);
            return true;
        });
        return out;
    }

    public static int digits(List<?> events) {
        int r = 0;
        for (Object e : events) {
            if (e == null) {
                return NULL_SEEN;
            }
            if (!(e instanceof Long) || (Long) e < 1 || (Long) e > 9) {
                return UNKNOWN_SEEN;
            }
            r = r * 10 + ((Long) e).intValue();
        }
        return r;
    }

    /** Counts discard callbacks per event (4 bits per event value 1..9). */
    static final class DiscardLog implements Consumer<Long> {
        private final AtomicLong counts = new AtomicLong();

        @Override
        public void accept(Long event) {
            long v = event == null ? 0 : event;
            if (v < 1 || v > 9) {
                v = 0; // slot 0 collects nulls and strangers: never expected
            }
            counts.getAndAdd(1L << (4 * v));
        }

        int count(long v) {
            return (int) ((counts.get() >>> (4 * v)) & 0xF);
        }

        int total() {
            int t = 0;
            for (int v = 0; v <= 9; v++) {
                t += count(v);
            }
            return t;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Verdicts: 0 = fine, anything else names the broken guarantee.
    // ------------------------------------------------------------------------------------------------

    static final int OK = 0;
    static final int V_NULL = 1;
    static final int V_DUPLICATE = 2;
    static final int V_NOT_A_RUN = 3;
    static final int V_STALE = 4;
    static final int V_TOO_MANY = 5;
    static final int V_FINAL_NOT_LAST_APPENDS = 6;
    static final int V_UNKNOWN_EVENT = 7;

    /**
     * Is {@code seen} a contiguous run of {@code order} (the events in position order), at most
     * {@code capacity} long, that starts at position {@code minStart} or later?
     */
    static int checkRun(List<Long> seen, List<Long> order, int capacity, int minStart) {
        Set<Long> distinct = new HashSet<>();
        for (Long e : seen) {
            if (e == null) {
                return V_NULL;
            }
            if (!distinct.add(e)) {
                return V_DUPLICATE;
            }
            if (!order.contains(e)) {
                return V_UNKNOWN_EVENT;
            }
        }
        if (seen.size() > capacity) {
            return V_TOO_MANY;
        }
        if (seen.isEmpty()) {
            return OK;
        }
        int k = order.indexOf(seen.get(0));
        for (int j = 0; j < seen.size(); j++) {
            if (k + j >= order.size() || !order.get(k + j).equals(seen.get(j))) {
                return V_NOT_A_RUN;
            }
        }
        return k < minStart ? V_STALE : OK;
    }

    /**
     * The arbiter's counter check, at quiescence: {@code appended} appends counted, appended - discarded -
     * removed == size, and size == what the ring holds ({@code finalSize} events copied out).
     */
    static boolean countersConsistent(PartitionRing<?> ring, long appended, int finalSize) {
        return ring.appended() == appended
                && ring.appended() - ring.discarded() - ring.removed() == ring.size()
                && ring.size() == finalSize;
    }

    static List<Long> seeds(int n) {
        List<Long> s = new ArrayList<>();
        for (long v = 1; v <= n; v++) {
            s.add(v);
        }
        return s;
    }
}
