package dev.lockfree.eventstore.jcstress;

import dev.lockfree.eventstore.partition.PartitionRing;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.II_Result;

import java.util.List;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * clear ({@code removeIf(e -> true)}) racing one append. The ring starts full with the events 1..c
 * (c = capacity); one actor appends X = c+1, the other clears and then copies the ring.
 * <ul>
 * <li>The append survives whole or is gone whole (removed by the clear), never torn.</li>
 * <li>No pre-clear event (1..c) is in the copy taken after clear returned, nor at the end.</li>
 * <li>If X is in that copy it is still there at the end (nothing removed it later).</li>
 * <li>Counters at the arbiter: appended - discarded - removed == size == what the ring holds, and
 *     removed() == what removeIf returned.</li>
 * <li>Each of the c+1 events is accounted for exactly once: retained, removed by the clear, or passed
 *     to the discard callback (once, and only if it was evicted, never X: clear fires no callback).</li>
 * </ul>
 * Results: r1 = digits of the copy after clear, r2 = digits of the final contents, r3 = removeIf's
 * count, r4 = verdict (0 fine; 1 pre-clear event after clear; 2 null or unknown event; 3 wrong final
 * contents; 4 X seen after clear but gone at the end; 5 appended - discarded - removed != size or size
 * != final contents; 6 removed() != removeIf's count; 7 discard callbacks do not account for each
 * event exactly once).
 */
public class ClearVsAppendTest {

    private ClearVsAppendTest() {
    }

    abstract static class Base {
        final int capacity;
        final long appended;
        final Rings.DiscardLog discards = new Rings.DiscardLog();
        final PartitionRing<Long> ring;
        long removed = -1;
        List<Long> afterClear = List.of();

        Base(int capacity) {
            this.capacity = capacity;
            this.appended = capacity + 1;
            this.ring = Rings.seeded(capacity, capacity, discards);
        }

        void append() {
            ring.offer(appended);
        }

        void clear() {
            removed = ring.removeIf(e -> true);
        }

        void clearThenRead() {
            clear();
            afterClear = Rings.copy(ring);
        }

        void arbiter(IIII_Result r) {
            List<Long> last = Rings.copy(ring);
            r.r1 = Rings.digits(afterClear);
            r.r2 = Rings.digits(last);
            r.r3 = (int) removed;
            r.r4 = verdict(last);
        }

        int verdict(List<Long> last) {
            for (Long e : afterClear) {
                if (e != null && e >= 1 && e <= capacity) {
                    return 1;
                }
            }
            if (Rings.digits(afterClear) < 0 || Rings.digits(last) < 0) {
                return 2;
            }
            if (!(last.isEmpty() || (last.size() == 1 && last.get(0) == appended))) {
                return 3;
            }
            if (afterClear.contains(appended) && !last.contains(appended)) {
                return 4;
            }
            if (!Rings.countersConsistent(ring, appended, last.size())) {
                return 5;
            }
            if (ring.removed() != removed) {
                return 6;
            }
            if (discards.total() != ring.discarded() || discards.count(0) != 0 || discards.count(appended) != 0
                    || last.size() + discards.total() + removed != appended) {
                return 7;
            }
            for (long v = 1; v <= capacity; v++) {
                if (discards.count(v) > 1) {
                    return 7;
                }
            }
            return 0;
        }
    }

    @JCStressTest
    @Description("clear vs append, capacity 1 (event 1 in the ring, 2 appended).")
    @Outcome(id = "0, 0, 1, 0", expect = ACCEPTABLE, desc = "append first (evicting 1), then clear removed 2")
    @Outcome(id = {"0, 2, 1, 0", "2, 2, 1, 0"}, expect = ACCEPTABLE,
            desc = "clear removed 1, the append survived (seen after clear, or still in flight then)")
    @Outcome(id = {"0, 2, 0, 0", "2, 2, 0, 0"}, expect = ACCEPTABLE,
            desc = "the append evicted 1 (discard) before clear got to it; the append survived")
    @Outcome(id = ".*, 1", expect = FORBIDDEN, desc = "a pre-clear event is visible after clear returned")
    @Outcome(id = ".*, 5", expect = FORBIDDEN, desc = "appended - discarded - removed != size")
    @Outcome(id = ".*, 7", expect = FORBIDDEN, desc = "an event was both removed and discarded, or discarded twice")
    @Outcome(expect = FORBIDDEN, desc = "torn or lost append, or inconsistent counters")
    @State
    public static class Cap1 extends Base {
        public Cap1() {
            super(1);
        }

        @Actor
        public void producer() {
            append();
        }

        @Actor
        public void clearer() {
            clearThenRead();
        }

        @Arbiter
        public void check(IIII_Result r) {
            arbiter(r);
        }
    }

    @JCStressTest
    @Description("clear vs append, capacity 2 (events 1, 2 in the ring, 3 appended).")
    @Outcome(id = "0, 0, 2, 0", expect = ACCEPTABLE, desc = "append first (evicting 1), then clear removed 2 and 3")
    @Outcome(id = {"0, 3, 2, 0", "3, 3, 2, 0"}, expect = ACCEPTABLE,
            desc = "clear removed 1 and 2, the append survived (seen after clear, or still in flight then)")
    @Outcome(id = {"0, 3, 1, 0", "3, 3, 1, 0"}, expect = ACCEPTABLE,
            desc = "the append evicted 1 (discard) before clear got to it; clear removed 2; the append survived")
    @Outcome(id = ".*, 1", expect = FORBIDDEN, desc = "a pre-clear event is visible after clear returned")
    @Outcome(id = ".*, 5", expect = FORBIDDEN, desc = "appended - discarded - removed != size")
    @Outcome(id = ".*, 7", expect = FORBIDDEN, desc = "an event was both removed and discarded, or discarded twice")
    @Outcome(expect = FORBIDDEN, desc = "torn or lost append, or inconsistent counters")
    @State
    public static class Cap2 extends Base {
        public Cap2() {
            super(2);
        }

        @Actor
        public void producer() {
            append();
        }

        @Actor
        public void clearer() {
            clearThenRead();
        }

        @Arbiter
        public void check(IIII_Result r) {
            arbiter(r);
        }
    }

    /**
     * Four independent capacity-2 rings, each holding [1, 2], each racing one clear against one append
     * of 3, with the producer going through the rings in the opposite order of the clearer: the actors
     * cross somewhere in the middle, so most samples hold a ring where the append lands right after the
     * clear read {@code tail}, which is when the append has to get the clear right. Each ring is checked
     * as in {@link Cap2} (without the copy after clear). Results: r1 = bit mask of the rings that broke
     * an invariant, r2 = the verdict code of the first of them (see the class comment).
     */
    @JCStressTest
    @Description("clear vs append on 4 capacity-2 rings, producer and clearer crossing.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "every ring consistent")
    @Outcome(id = ".*, 5", expect = FORBIDDEN, desc = "appended - discarded - removed != size on some ring")
    @Outcome(id = ".*, 7", expect = FORBIDDEN, desc = "an event was both removed and discarded, or discarded twice")
    @Outcome(expect = FORBIDDEN, desc = "torn or lost append, pre-clear event left, or inconsistent counters")
    @State
    public static class Crossing {
        final Base[] rings = {new Base(2) { }, new Base(2) { }, new Base(2) { }, new Base(2) { }};

        @Actor
        public void producer() {
            for (int k = rings.length - 1; k >= 0; k--) {
                rings[k].append();
            }
        }

        @Actor
        public void clearer() {
            for (Base b : rings) {
                b.clear();
            }
        }

        @Arbiter
        public void check(II_Result r) {
            for (int k = 0; k < rings.length; k++) {
                int v = rings[k].verdict(Rings.copy(rings[k].ring));
                if (v != 0) {
                    r.r1 |= 1 << k;
                    if (r.r2 == 0) {
                        r.r2 = v;
                    }
                }
            }
        }
    }
}
