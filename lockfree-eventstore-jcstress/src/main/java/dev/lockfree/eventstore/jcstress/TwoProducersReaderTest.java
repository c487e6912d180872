package dev.lockfree.eventstore.jcstress;

import dev.lockfree.eventstore.partition.PartitionRing;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import java.util.ArrayList;
import java.util.List;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * G1 with two producers. The ring starts full with the events 1..c (c = capacity). Producer A appends
 * A1 = c+1 then A2 = c+2; the other actor appends B1 = c+3 and then copies the ring. The arbiter takes
 * the final contents (the ring is quiescent: they are the last c appends) and works out which append
 * orders are possible (A1 before A2; B1 anywhere); the copy must then, for one of those orders, be:
 * <ul>
 * <li>free of nulls and duplicates, at most c events;</li>
 * <li>a contiguous run of the append order, in that order;</li>
 * <li>not stale: B1's append returned before the copy began, so nothing that B1's position had already
 *     pushed out of the ring (positions &lt;= pos(B1) - c) may appear.</li>
 * </ul>
 * Results: r1 = the copy's digits, r2 = the final contents' digits, r3 = verdict (0 = fine,
 * 1 null, 2 duplicate, 3 not a contiguous run in order, 4 stale, 5 too many, 6 final contents are not
 * the last c appends of any possible order (G4), 7 unknown event).
 */
public class TwoProducersReaderTest {

    private TwoProducersReaderTest() {
    }

    static int verdict(int capacity, List<Long> seen, List<Long> last) {
        long a1 = capacity + 1;
        long a2 = capacity + 2;
        long b1 = capacity + 3;
        long[][] orders = {{a1, a2, b1}, {a1, b1, a2}, {b1, a1, a2}};
        int verdict = Rings.V_FINAL_NOT_LAST_APPENDS;
        for (long[] appends : orders) {
            List<Long> order = Rings.seeds(capacity);
            for (long e : appends) {
                order.add(e);
            }
            if (!order.subList(order.size() - capacity, order.size()).equals(last)) {
                continue;
            }
            int v = Rings.checkRun(seen, order, capacity, order.indexOf(b1) - capacity + 1);
            if (v == Rings.OK) {
                return Rings.OK;
            }
            if (verdict == Rings.V_FINAL_NOT_LAST_APPENDS) {
                verdict = v;
            }
        }
        return verdict;
    }

    abstract static class Base {
        final int capacity;
        final PartitionRing<Long> ring;
        List<Long> seen = new ArrayList<>();

        Base(int capacity) {
            this.capacity = capacity;
            this.ring = Rings.seeded(capacity, capacity, null);
        }

        void producerA() {
            ring.offer((long) capacity + 1);
            ring.offer((long) capacity + 2);
        }

        void producerBThenRead() {
            ring.offer((long) capacity + 3);
            seen = Rings.copy(ring);
        }

        void arbiter(III_Result r) {
            List<Long> last = Rings.copy(ring);
            r.r1 = Rings.digits(seen);
            r.r2 = Rings.digits(last);
            r.r3 = verdict(capacity, seen, last);
        }
    }

    @JCStressTest
    @Description("Two producers and a reader, capacity 1: the copy is never the seed nor null.")
    @Outcome(id = ".*, 0", expect = ACCEPTABLE, desc = "a valid copy; final contents the last append")
    @Outcome(id = ".*, 4", expect = FORBIDDEN, desc = "stale: an event evicted before the copy began")
    @Outcome(id = ".*, 6", expect = FORBIDDEN, desc = "G4: final contents are not the last append")
    @Outcome(expect = FORBIDDEN, desc = "torn read: null, duplicate, out of order or not contiguous")
    @State
    public static class Cap1 extends Base {
        public Cap1() {
            super(1);
        }

        @Actor
        public void a() {
            producerA();
        }

        @Actor
        public void b() {
            producerBThenRead();
        }

        @Arbiter
        public void check(III_Result r) {
            arbiter(r);
        }
    }

    @JCStressTest
    @Description("Two producers and a reader, capacity 2.")
    @Outcome(id = ".*, 0", expect = ACCEPTABLE, desc = "a valid copy; final contents the last 2 appends")
    @Outcome(id = ".*, 4", expect = FORBIDDEN, desc = "stale: an event evicted before the copy began")
    @Outcome(id = ".*, 6", expect = FORBIDDEN, desc = "G4: final contents are not the last appends")
    @Outcome(expect = FORBIDDEN, desc = "torn read: null, duplicate, out of order or not contiguous")
    @State
    public static class Cap2 extends Base {
        public Cap2() {
            super(2);
        }

        @Actor
        public void a() {
            producerA();
        }

        @Actor
        public void b() {
            producerBThenRead();
        }

        @Arbiter
        public void check(III_Result r) {
            arbiter(r);
        }
    }

    @JCStressTest
    @Description("Two producers and a reader, capacity 3.")
    @Outcome(id = ".*, 0", expect = ACCEPTABLE, desc = "a valid copy; final contents the last 3 appends")
    @Outcome(id = ".*, 4", expect = FORBIDDEN, desc = "stale: an event evicted before the copy began")
    @Outcome(id = ".*, 6", expect = FORBIDDEN, desc = "G4: final contents are not the last appends")
    @Outcome(expect = FORBIDDEN, desc = "torn read: null, duplicate, out of order or not contiguous")
    @State
    public static class Cap3 extends Base {
        public Cap3() {
            super(3);
        }

        @Actor
        public void a() {
            producerA();
        }

        @Actor
        public void b() {
            producerBThenRead();
        }

        @Arbiter
        public void check(III_Result r) {
            arbiter(r);
        }
    }
}
