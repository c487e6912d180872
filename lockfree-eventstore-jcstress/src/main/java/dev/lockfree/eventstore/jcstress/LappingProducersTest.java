package dev.lockfree.eventstore.jcstress;

import dev.lockfree.eventstore.partition.PartitionRing;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.util.List;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * G4 and the discard callback: two producers lap each other on a tiny ring. Producer A appends 1 then 2,
 * producer B appends 3 then 4 (an empty ring, so the first lap takes never-used slots and later appends
 * evict). At quiescence the ring must hold exactly the last {@code capacity} appends in position order:
 * for the possible interleavings (1 before 2, 3 before 4) that is 2 or 4 for capacity 1, and
 * [1,2], [3,4], [2,4] or [4,2] for capacity 2. Anything else (e.g. 1, 3, [2,1], [1,3], [1,4]) means an
 * older event was left after, or instead of, a newer one.
 * <p>
 * The arbiter also checks the discard callback and the counters: every event not retained was passed
 * to the callback exactly once (so the callback got the evicted event, never the new one), retained
 * events never; appended = 4, discarded = 4 - capacity = callbacks, removed = 0, size = capacity.
 * Results: r1 = final contents' digits, r2 = verdict (0 fine, 1 wrong size, 2 counters, 3 callback).
 */
public class LappingProducersTest {

    private LappingProducersTest() {
    }

    abstract static class Base {
        final int capacity;
        final Rings.DiscardLog discards = new Rings.DiscardLog();
        final PartitionRing<Long> ring;

        Base(int capacity) {
            this.capacity = capacity;
            this.ring = Rings.seeded(capacity, 0, discards);
        }

        void arbiter(II_Result r) {
            List<Long> last = Rings.copy(ring);
            r.r1 = Rings.digits(last);
            r.r2 = verdict(last);
        }

        private int verdict(List<Long> last) {
            if (last.size() != capacity) {
                return 1;
            }
            if (ring.appended() != 4 || ring.discarded() != 4 - capacity || ring.removed() != 0
                    || ring.size() != capacity) {
                return 2;
            }
            if (discards.total() != 4 - capacity || discards.count(0) != 0) {
                return 3;
            }
            for (long v = 1; v <= 4; v++) {
                if (discards.count(v) != (last.contains(v) ? 0 : 1)) {
                    return 3;
                }
            }
            return 0;
        }
    }

    @JCStressTest
    @Description("Two producers lapping on a capacity-1 ring: the survivor is the last append (G4).")
    @Outcome(id = {"2, 0", "4, 0"}, expect = ACCEPTABLE, desc = "the last append survives; counters and callbacks exact")
    @Outcome(id = {"1, .*", "3, .*"}, expect = FORBIDDEN, desc = "G4: an older event was left over a newer one")
    @Outcome(expect = FORBIDDEN, desc = "lost/duplicated event, wrong counters or discard callbacks")
    @State
    public static class Cap1 extends Base {
        public Cap1() {
            super(1);
        }

        @Actor
        public void a() {
            ring.offer(1L);
            ring.offer(2L);
        }

        @Actor
        public void b() {
            ring.offer(3L);
            ring.offer(4L);
        }

        @Arbiter
        public void check(II_Result r) {
            arbiter(r);
        }
    }

    @JCStressTest
    @Description("Two producers lapping on a capacity-2 ring: the last two appends, in order (G4).")
    @Outcome(id = {"12, 0", "34, 0"}, expect = ACCEPTABLE, desc = "one producer's appends all came last")
    @Outcome(id = {"24, 0", "42, 0"}, expect = ACCEPTABLE, desc = "interleaved: both producers' second appends last")
    @Outcome(expect = FORBIDDEN, desc = "G4 broken (older after newer, or not the last appends), or wrong counters/callbacks")
    @State
    public static class Cap2 extends Base {
        public Cap2() {
            super(2);
        }

        @Actor
        public void a() {
            ring.offer(1L);
            ring.offer(2L);
        }

        @Actor
        public void b() {
            ring.offer(3L);
            ring.offer(4L);
        }

        @Arbiter
        public void check(II_Result r) {
            arbiter(r);
        }
    }
}
